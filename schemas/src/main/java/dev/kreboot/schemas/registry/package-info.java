/**
 * The schema registry behind the registry wire format: Apicurio's client as a {@link
 * dev.kreboot.schemas.wire.SchemaRegistry}, the factory that turns {@link
 * dev.kreboot.schemas.wire.WireSettings} into a {@link dev.kreboot.schemas.wire.WireFormat}, and
 * the registration command for CI and deploy hooks.
 */
package dev.kreboot.schemas.registry;
