/** Adapters to the host: the file-mode sentinel probe and the shared inotify-backed directory watcher. */
package dev.kreboot.sensor.host;
