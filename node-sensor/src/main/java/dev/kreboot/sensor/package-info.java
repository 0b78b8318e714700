/** The node-sensor service: watches the reboot sentinel on its host and publishes the node's status. */
package dev.kreboot.sensor;
