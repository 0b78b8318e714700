/** Host adapters: the reboot command run in the host's mount namespace, and the host's boot id. */
package dev.kreboot.executor.host;
