/**
 * The wire format seam: how a record becomes bytes and back. Services only see {@link
 * dev.kreboot.schemas.wire.WireFormat}: single-object encoding (default, no registry) or the
 * Confluent schema-registry format, written per {@link dev.kreboot.schemas.wire.WireSettings} and
 * both read by a {@link dev.kreboot.schemas.wire.DualFormatReader}.
 */
package dev.kreboot.schemas.wire;
