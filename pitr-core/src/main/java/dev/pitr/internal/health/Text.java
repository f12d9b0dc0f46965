package dev.pitr.internal.health;

import java.time.Duration;

/** Durations in messages: {@code 3d 4h}, {@code 12m 5s}. */
public final class Text {
    private Text() {
    }

    public static String human(Duration d) {
        boolean negative = d.isNegative();
        long s = Math.abs(d.getSeconds());
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        String text;
        if (days > 0) {
            text = days + "d" + (hours > 0 ? " " + hours + "h" : "");
        } else if (hours > 0) {
            text = hours + "h" + (minutes > 0 ? " " + minutes + "m" : "");
        } else if (minutes > 0) {
            text = minutes + "m" + (seconds > 0 ? " " + seconds + "s" : "");
        } else {
            text = seconds + "s";
        }
        return negative ? "-" + text : text;
    }
}
