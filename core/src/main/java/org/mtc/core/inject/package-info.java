/**
 * How mtc is wired: each module contributes a Guice {@link org.mtc.core.inject.MtcModule}, found by
 * {@code ServiceLoader}, and {@link org.mtc.core.inject.Wiring} builds one injector from them, the
 * settings and the engine they select; components get what they need by constructor injection. Only
 * module authors and the places that build the graph (the library's {@code Mtc.open}, the command
 * line's {@code Main}) see Guice types.
 */
package org.mtc.core.inject;
