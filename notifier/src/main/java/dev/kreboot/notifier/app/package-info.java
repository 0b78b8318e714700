/** Use case: render one event and deliver it to every matching route through per-route queues, retrying each route independently, remembering what was settled, parking what was refused. */
package dev.kreboot.notifier.app;
