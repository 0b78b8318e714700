/** Pure rules that turn one look at the host into the node's next status; no I/O, no clock reads. */
package dev.kreboot.sensor.domain;
