// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { ErrorSummary, TextField } from "./form";
import { I18nProvider } from "./i18n";

describe("TextField", () => {
  it("labels the input and ties the hint and the error to it", async () => {
    render(
      <I18nProvider locale="en">
        <TextField label="New password" hint="At least 12 characters" error="password.error.tooShort" name="password" />
      </I18nProvider>,
    );
    const input = screen.getByLabelText("New password");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (input.getAttribute("aria-describedby") ?? "").split(" ");
    const texts = describedBy.map((id) => document.getElementById(id)?.textContent);
    expect(texts).toEqual(["At least 12 characters", "The password must have at least 12 characters."]);
    await userEvent.type(input, "abc");
    expect((input as HTMLInputElement).value).toBe("abc");
  });

  it("is not marked invalid without an error", () => {
    render(
      <I18nProvider locale="en">
        <TextField label="Email address" name="email" />
      </I18nProvider>,
    );
    const input = screen.getByLabelText("Email address");
    expect(input.hasAttribute("aria-invalid")).toBe(false);
    expect(input.hasAttribute("aria-describedby")).toBe(false);
  });
});

describe("ErrorSummary", () => {
  it("lists each distinct problem once, in the user's language, as an alert", () => {
    render(
      <I18nProvider locale="de">
        <ErrorSummary errors={["login.error.required", undefined, "login.error.required", "forgot.error.email"]} />
      </I18nProvider>,
    );
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Bitte korrigieren Sie Folgendes:");
    expect(screen.getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "Geben Sie Benutzernamen und Passwort ein.",
      "Geben Sie eine gültige E-Mail-Adresse ein.",
    ]);
  });

  it("renders nothing when there is nothing wrong", () => {
    const { container } = render(
      <I18nProvider locale="en">
        <ErrorSummary errors={[undefined]} />
      </I18nProvider>,
    );
    expect(container.innerHTML).toBe("");
  });
});
