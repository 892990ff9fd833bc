import { defineMessages } from "./define";

export const help = defineMessages(
  {
    "help.title": "Help",
    "help.intro": "Guides to the portal, written for merchants, and how to reach us.",
    "help.guides": "Guides",
    "help.back": "All help",
    "help.related": "Where this happens in the portal",
    "help.contact.title": "Contact and service hours",
    "help.contact.phone": "Phone",
    "help.contact.phoneNumber": "+49 69 1234 5678",
    "help.contact.hours": "Monday to Friday, 8:30 to 17:30 (Europe/Berlin), except public holidays in Hesse.",
    "help.contact.openNow": "The phone line is open now.",
    "help.contact.closedNow": "The phone line is closed now.",
    "help.contact.email": "Email",
    "help.contact.emailAddress": "merchant-support@network.example",
    "help.contact.emailHint": "We answer within one working day. Never send card numbers or passwords by email.",
    "help.contact.post": "Post",
    "help.contact.postAddress": "Merchant Dispute Services, Postfach 10 04 71, 60004 Frankfurt am Main, Germany",
    "help.contact.disputes":
      "Questions about a particular case: quote its case number (e.g. INQ-2026-000123). Your answer to a case itself is always given in the portal, on the case page.",
  },
  {
    "help.title": "Hilfe",
    "help.intro": "Leitfäden zum Portal, geschrieben für Händler, und wie Sie uns erreichen.",
    "help.guides": "Leitfäden",
    "help.back": "Alle Hilfethemen",
    "help.related": "Wo das im Portal passiert",
    "help.contact.title": "Kontakt und Servicezeiten",
    "help.contact.phone": "Telefon",
    "help.contact.phoneNumber": "+49 69 1234 5678",
    "help.contact.hours": "Montag bis Freitag, 8:30 bis 17:30 Uhr (Europe/Berlin), außer an hessischen Feiertagen.",
    "help.contact.openNow": "Die Hotline ist jetzt erreichbar.",
    "help.contact.closedNow": "Die Hotline ist gerade geschlossen.",
    "help.contact.email": "E-Mail",
    "help.contact.emailAddress": "merchant-support@network.example",
    "help.contact.emailHint": "Wir antworten innerhalb eines Werktags. Senden Sie niemals Kartennummern oder Passwörter per E-Mail.",
    "help.contact.post": "Post",
    "help.contact.postAddress": "Merchant Dispute Services, Postfach 10 04 71, 60004 Frankfurt am Main, Deutschland",
    "help.contact.disputes":
      "Fragen zu einem bestimmten Fall: Nennen Sie die Fallnummer (z. B. INQ-2026-000123). Die Antwort auf einen Fall selbst geben Sie immer im Portal, auf der Fallseite.",
  },
);
