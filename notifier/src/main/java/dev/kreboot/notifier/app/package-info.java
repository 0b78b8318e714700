/** Use case: render one event and deliver it to every matching route, retrying each route independently until it accepts. */
package dev.kreboot.notifier.app;
