/** The kreboot wire contract: generated Avro records, topic, header, annotation and metric names. */
package dev.kreboot.schemas;
