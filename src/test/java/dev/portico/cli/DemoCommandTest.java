package dev.portico.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void adminAccess_printsTheTokenTheDashboardUrlAndACallWithIt() {
    String text = DemoCommand.adminAccess(9901, "tok_EN-123");

    assertThat(text).contains(
        "Admin token: tok_EN-123",
        "http://127.0.0.1:9901/dashboard#token=tok_EN-123",
        "curl -s -H 'Authorization: Bearer tok_EN-123' localhost:9901/routes");
  }
}
