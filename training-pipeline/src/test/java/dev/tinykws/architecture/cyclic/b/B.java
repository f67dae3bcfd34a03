package dev.tinykws.architecture.cyclic.b;

import dev.tinykws.architecture.cyclic.a.A;

/** The other half of the deliberate cycle (see {@link A}). */
public final class B {
    public A partner() {
        return new A();
    }
}
