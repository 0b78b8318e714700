/**
 * The wire format seam: how a record becomes bytes and back. Services only see {@link
 * dev.kreboot.schemas.wire.WireFormat}; a registry-backed format can be added beside the
 * single-object one without touching them.
 */
package dev.kreboot.schemas.wire;
