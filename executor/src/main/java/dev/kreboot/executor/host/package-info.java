/** Host adapters: the reboot methods (command in the host mount namespace, signal to host PID 1) and the host boot id. */
package dev.kreboot.executor.host;
