package dev.portico.runtime;

import java.util.List;

/** What a reload did: applied a new version, found nothing changed, or rejected the file. */
public record ReloadResult(Outcome outcome, long version, List<String> errors) {
  public enum Outcome { APPLIED, UNCHANGED, REJECTED, BUSY }

  static ReloadResult applied(long version) {
    return new ReloadResult(Outcome.APPLIED, version, List.of());
  }

  static ReloadResult unchanged(long version) {
    return new ReloadResult(Outcome.UNCHANGED, version, List.of());
  }

  static ReloadResult rejected(List<String> errors) {
    return new ReloadResult(Outcome.REJECTED, -1, List.copyOf(errors));
  }

  static ReloadResult busy() {
    return new ReloadResult(Outcome.BUSY, -1, List.of());
  }
}
