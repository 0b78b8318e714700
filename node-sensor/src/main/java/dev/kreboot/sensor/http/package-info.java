/** HTTP adapters of the deployed shell: the sensor's own health indicator. */
package dev.kreboot.sensor.http;
