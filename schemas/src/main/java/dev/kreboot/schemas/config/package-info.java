/** Parsing shared by every service's settings class, so one value means the same thing everywhere. */
package dev.kreboot.schemas.config;
