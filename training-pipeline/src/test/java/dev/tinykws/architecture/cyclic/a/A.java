package dev.tinykws.architecture.cyclic.a;

import dev.tinykws.architecture.cyclic.b.B;

/** Half of a deliberate package cycle: ArchitectureTest checks that its cycle rule reports it. */
public final class A {
    public B partner() {
        return new B();
    }
}
