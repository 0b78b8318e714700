/** The sensor use case ({@link dev.kreboot.sensor.app.NodeSensor}) and its ports: the host probe and the status sink. */
package dev.kreboot.sensor.app;
