package dev.tinykws.monitor.review;

import java.time.Instant;

/**
 * A reviewer's verdict on a clip: {@code label} is the true class of the clip (the detected keyword when
 * the device was right, {@code _unknown_} when it was not a keyword, or another device label).
 *
 * @param id    clip id
 * @param label true class, a label name ({@code [A-Za-z0-9_-]}, at most 64 characters)
 * @param by    who labelled it ({@code web}, {@code cli}, a user name)
 * @param at    when
 */
public record ReviewLabel(String id, String label, String by, Instant at) {
}
