/**
 * The facts every TinyKWS module shares, each in one place: the clip format (sample rate,
 * length), the class labels, the dataset file naming, the detection threshold and its
 * fixed-point forms, the detector defaults, the tool version. Java code reads them from here;
 * the firmware gets them through generated C headers.
 *
 * <p>This package depends on nothing but the JDK (an ArchUnit test enforces it), so every module,
 * the host monitor included, can depend on it.
 */
package dev.tinykws.contract;
