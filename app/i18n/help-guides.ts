import type { Locale } from "./index";

// The three guides (SPEC 9) as structured text in every language. Long-form content does not fit
// one message key per sentence; the types make a missing German or Dutch guide a compile error instead.

export const GUIDE_SLUGS = ["getting-started", "disputes", "statements"] as const;
export type GuideSlug = (typeof GUIDE_SLUGS)[number];

export type GuideBlock = { h: string } | { p: string } | { ul: string[] };
export interface Guide {
  title: string;
  summary: string;
  blocks: GuideBlock[];
}

export function isGuideSlug(value: string): value is GuideSlug {
  return (GUIDE_SLUGS as readonly string[]).includes(value);
}

export const GUIDES: Record<GuideSlug, Record<Locale, Guide>> = {
  "getting-started": {
    en: {
      title: "Getting started: a guide for new merchants",
      summary: "What the portal is for, who can do what, and what to set up on your first day.",
      blocks: [
        { h: "What the portal is for" },
        {
          p: "When a cardholder questions a charge at one of your locations, the card network opens a case here. You see every case of your accounts, answer it with documents before its deadline, and follow it until it is closed. The portal also holds your monthly statements.",
        },
        { h: "Accounts and people" },
        {
          ul: [
            "Each location is a contract account with a 10-digit merchant number, its own time zone and its settlement currency.",
            "Location users see and answer the cases of the accounts assigned to them.",
            "Head office sees every case of every location of the organisation. Whether head office may also answer them depends on the organisation's dispute handling: central or local.",
            "The head-office administrator also chooses central or local handling, keeps the company details up to date and can enrol any location in paperless statements.",
          ],
        },
        { h: "Your first day" },
        {
          ul: [
            "Check your email address and preferred contact method under Settings → Profile. Notifications and password resets go to this address.",
            "Choose which notifications you want (new inquiries, new chargebacks, case updates, urgent cases, payments) under Settings → Notifications.",
            "Open Disputes: cases due soonest are at the top. A red “urgent” tag means the deadline is within three days or the disputes team flagged the case.",
            "Open Statements to see your last twelve months and whether they come on paper (your head-office administrator decides).",
          ],
        },
        { h: "Keeping your access safe" },
        {
          p: "Use a password of at least 12 characters that you use nowhere else. Changing your password signs out every other session of yours. After several wrong passwords sign-in is slowed down and then locked for a while. If you forgot your password or username, use “Forgot username or password?” on the sign-in page.",
        },
      ],
    },
    de: {
      title: "Erste Schritte: ein Leitfaden für neue Händler",
      summary: "Wofür das Portal da ist, wer was darf und was Sie am ersten Tag einrichten.",
      blocks: [
        { h: "Wofür das Portal da ist" },
        {
          p: "Wenn ein Karteninhaber einen Umsatz an einem Ihrer Standorte beanstandet, eröffnet das Kartennetzwerk hier einen Fall. Sie sehen alle Fälle Ihrer Vertragskonten, beantworten sie vor Fristablauf mit Unterlagen und verfolgen sie bis zum Abschluss. Außerdem finden Sie hier Ihre monatlichen Abrechnungen.",
        },
        { h: "Vertragskonten und Personen" },
        {
          ul: [
            "Jeder Standort ist ein Vertragskonto mit einer 10-stelligen Vertragskontonummer, einer eigenen Zeitzone und einer Abrechnungswährung.",
            "Benutzer eines Standorts sehen und beantworten die Fälle der ihnen zugeordneten Vertragskonten.",
            "Die Firmenzentrale sieht alle Fälle aller Standorte der Organisation. Ob sie diese auch beantworten darf, hängt von der Bearbeitung der Streitfälle ab: zentral oder dezentral.",
            "Der Administrator der Firmenzentrale wählt außerdem zentrale oder dezentrale Bearbeitung, pflegt die Firmendaten und kann jeden Standort für papierlose Abrechnungen anmelden.",
          ],
        },
        { h: "Ihr erster Tag" },
        {
          ul: [
            "Prüfen Sie Ihre E-Mail-Adresse und Ihren bevorzugten Kontaktweg unter Einstellungen → Profil. Benachrichtigungen und Links zum Zurücksetzen des Passworts gehen an diese Adresse.",
            "Wählen Sie unter Einstellungen → Benachrichtigungen, worüber Sie informiert werden möchten (neue Anfragen, neue Rückbelastungen, Fallaktualisierungen, dringende Fälle, Zahlungen).",
            "Öffnen Sie Streitfälle: Die am frühesten fälligen Fälle stehen oben. Ein rotes Kennzeichen „dringend“ bedeutet, dass die Frist in höchstens drei Tagen abläuft oder das Dispute-Team den Fall markiert hat.",
            "Öffnen Sie Abrechnungen, um die letzten zwölf Monate zu sehen und ob sie per Post kommen (das entscheidet der Administrator Ihrer Firmenzentrale).",
          ],
        },
        { h: "Ihren Zugang schützen" },
        {
          p: "Verwenden Sie ein Passwort mit mindestens 12 Zeichen, das Sie nirgendwo sonst nutzen. Wenn Sie Ihr Passwort ändern, werden alle anderen Sitzungen abgemeldet. Nach mehreren falschen Passwörtern wird die Anmeldung verlangsamt und dann eine Zeit lang gesperrt. Wenn Sie Passwort oder Benutzernamen vergessen haben, nutzen Sie „Benutzername oder Passwort vergessen?“ auf der Anmeldeseite.",
        },
      ],
    },
    nl: {
      title: "Aan de slag: een handleiding voor nieuwe merchants",
      summary: "Waar het portaal voor is, wie wat mag, en wat u op uw eerste dag instelt.",
      blocks: [
        { h: "Waar het portaal voor is" },
        {
          p: "Als een kaarthouder een betaling bij een van uw locaties in twijfel trekt, opent het kaartnetwerk hier een zaak. U ziet elke zaak van uw locaties, beantwoordt haar vóór de termijn met documenten, en volgt haar tot zij gesloten is. Het portaal bevat ook uw maandelijkse afrekeningen.",
        },
        { h: "Locaties en mensen" },
        {
          ul: [
            "Elke locatie is een contract met een merchantnummer van 10 cijfers, een eigen tijdzone en een eigen afrekenvaluta.",
            "Locatiegebruikers zien en beantwoorden de zaken van de locaties die aan hen zijn toegewezen.",
            "Het hoofdkantoor ziet elke zaak van elke locatie van de organisatie. Of het hoofdkantoor ze ook mag beantwoorden, hangt af van de afhandeling van geschillen in de organisatie: centraal of lokaal.",
            "De beheerder van het hoofdkantoor kiest ook voor centrale of lokale afhandeling, houdt de bedrijfsgegevens actueel en kan elke locatie aanmelden voor papierloze afrekeningen.",
          ],
        },
        { h: "Uw eerste dag" },
        {
          ul: [
            "Controleer uw e-mailadres en uw voorkeur voor contact onder Instellingen → Profiel. Meldingen en wachtwoordherstel gaan naar dit adres.",
            "Kies onder Instellingen → Meldingen welke meldingen u wilt ontvangen (nieuwe informatieverzoeken, nieuwe chargebacks, wijzigingen in zaken, dringende zaken, betalingen).",
            "Open Geschillen: de zaken met de vroegste termijn staan bovenaan. Een rood label „dringend” betekent dat de termijn binnen drie dagen afloopt of dat het geschillenteam de zaak heeft gemarkeerd.",
            "Open Afrekeningen om uw laatste twaalf maanden te zien en of ze op papier komen (dat beslist de beheerder van uw hoofdkantoor).",
          ],
        },
        { h: "Uw toegang veilig houden" },
        {
          p: "Gebruik een wachtwoord van minstens 12 tekens dat u nergens anders gebruikt. Als u uw wachtwoord wijzigt, worden al uw andere sessies afgemeld. Na enkele verkeerde wachtwoorden wordt aanmelden vertraagd en daarna een tijd geblokkeerd. Bent u uw wachtwoord of gebruikersnaam vergeten, gebruik dan „Gebruikersnaam of wachtwoord vergeten?” op de aanmeldpagina.",
        },
      ],
    },
  },
  disputes: {
    en: {
      title: "Answering inquiries and chargebacks",
      summary: "What an inquiry needs, when you can credit the cardholder, what a chargeback allows, and how deadlines work.",
      blocks: [
        { h: "Two kinds of case" },
        {
          ul: [
            "An inquiry (information request) means the cardholder asked about a charge. No money has moved yet. You answer with the documents that justify the charge, or you credit the cardholder.",
            "A chargeback means the amount has already been debited from your account. You can contest it with documents and comments, or accept it.",
          ],
        },
        { h: "Answering an inquiry" },
        {
          ul: [
            "The case lists the supporting documents required, for example a signed receipt, an itemised invoice, proof of delivery or your cancellation policy.",
            "Attach at least one file for every required document and tag each file with the document it proves. Files may be PDF, PNG, JPEG or TIFF, within the size and number the form shows (10 MiB each and 10 files unless the platform changed them).",
            "An answer is complete when every required document has a file, or when you credit the full disputed amount. The portal refuses an incomplete answer and tells you what is missing.",
            "After you submit, the case goes to the disputes team for review. A submitted answer and its files cannot be changed.",
          ],
        },
        { h: "Crediting the cardholder" },
        {
          ul: [
            "In an inquiry you may credit (refund) the cardholder: more than zero and at most the disputed amount minus credits already issued for the same charge, in the case's currency.",
            "A full credit closes the inquiry at once with the outcome “credit issued”. A partial credit is reviewed with the rest of your answer.",
            "Once a chargeback exists for a charge, no credit can be entered for it any more: the money has already been taken back.",
            "Credits appear on your next monthly statement.",
          ],
        },
        { h: "What a chargeback allows" },
        {
          ul: [
            "Contest: attach files, write comments, or both. The disputes team decides whether the chargeback is reversed (won) or upheld (lost). A reversal is paid back and shows on your statement.",
            "Accept: you take liability and the case closes as “accepted”.",
            "There is no credit field on a chargeback.",
          ],
        },
        { h: "Deadlines and time zones" },
        {
          ul: [
            "Every case has a respond-by date. It is the end of that calendar day (23:59:59) in your account's time zone, usually 20 days after the day the case was received. If the disputes team asks for more information, you get a new deadline, usually 10 days.",
            "The portal shows the deadline with its time zone and as a countdown: “3 days left”, “due today”, “overdue”. Cases due within three days are marked urgent.",
            "An answer is accepted only until the deadline, checked by the server when you submit. Do not wait for the last minute.",
            "If nobody answers an inquiry in time, it closes as “no reply” and a chargeback is opened automatically. An unanswered chargeback closes as “expired” and stays upheld.",
          ],
        },
        { h: "Central or local handling" },
        {
          ul: [
            "Central: both head office and the location may answer a case.",
            "Local: head office can see every case but the location must answer; the case page says so and the portal refuses an answer from head office.",
            "The head-office administrator changes this under Settings → Organisation. It applies to open cases at once and is recorded in the audit log.",
          ],
        },
        { h: "When two people answer at once" },
        {
          p: "If someone else answered the case while you were writing, the portal does not overwrite their answer. You see a message, reload the case and check whether anything is left to do.",
        },
      ],
    },
    de: {
      title: "Anfragen und Rückbelastungen beantworten",
      summary:
        "Was eine Anfrage braucht, wann Sie dem Karteninhaber gutschreiben können, was eine Rückbelastung erlaubt und wie Fristen funktionieren.",
      blocks: [
        { h: "Zwei Arten von Fällen" },
        {
          ul: [
            "Eine Anfrage (Informationsanfrage) bedeutet: Der Karteninhaber hat eine Frage zu einem Umsatz. Es ist noch kein Geld geflossen. Sie antworten mit den Unterlagen, die den Umsatz belegen, oder schreiben dem Karteninhaber gut.",
            "Eine Rückbelastung bedeutet: Der Betrag wurde Ihrem Vertragskonto bereits belastet. Sie können mit Unterlagen und Kommentaren widersprechen oder die Rückbelastung akzeptieren.",
          ],
        },
        { h: "Eine Anfrage beantworten" },
        {
          ul: [
            "Der Fall nennt die erforderlichen Unterlagen, zum Beispiel einen unterschriebenen Beleg, eine detaillierte Rechnung, einen Liefernachweis oder Ihre Stornobedingungen.",
            "Hängen Sie für jede erforderliche Unterlage mindestens eine Datei an und ordnen Sie jede Datei der Unterlage zu, die sie belegt. Erlaubt sind PDF, PNG, JPEG und TIFF, innerhalb der Größe und Anzahl, die das Formular nennt (10 MiB je Datei und 10 Dateien, sofern die Plattform nichts anderes festgelegt hat).",
            "Eine Antwort ist vollständig, wenn jede erforderliche Unterlage eine Datei hat oder wenn Sie den vollen strittigen Betrag gutschreiben. Das Portal lehnt eine unvollständige Antwort ab und sagt, was fehlt.",
            "Nach dem Absenden prüft das Dispute-Team den Fall. Eine abgesendete Antwort und ihre Dateien lassen sich nicht mehr ändern.",
          ],
        },
        { h: "Dem Karteninhaber gutschreiben" },
        {
          ul: [
            "Bei einer Anfrage können Sie dem Karteninhaber eine Gutschrift (Erstattung) erteilen: mehr als null und höchstens der strittige Betrag abzüglich bereits erteilter Gutschriften zum selben Umsatz, in der Währung des Falls.",
            "Eine volle Gutschrift schließt die Anfrage sofort mit dem Ergebnis „Gutschrift erteilt“. Eine Teilgutschrift wird mit dem Rest Ihrer Antwort geprüft.",
            "Sobald es zu einem Umsatz eine Rückbelastung gibt, ist keine Gutschrift mehr möglich: Das Geld wurde bereits zurückgeholt.",
            "Gutschriften erscheinen auf Ihrer nächsten Monatsabrechnung.",
          ],
        },
        { h: "Was eine Rückbelastung erlaubt" },
        {
          ul: [
            "Widersprechen: Dateien anhängen, Kommentare schreiben oder beides. Das Dispute-Team entscheidet, ob die Rückbelastung storniert (gewonnen) oder bestätigt (verloren) wird. Ein Storno wird Ihnen wieder gutgeschrieben und steht auf Ihrer Abrechnung.",
            "Akzeptieren: Sie übernehmen die Haftung, der Fall wird als „akzeptiert“ geschlossen.",
            "Bei einer Rückbelastung gibt es kein Feld für eine Gutschrift.",
          ],
        },
        { h: "Fristen und Zeitzonen" },
        {
          ul: [
            "Jeder Fall hat eine Antwortfrist. Sie endet am Ende des Kalendertags (23:59:59) in der Zeitzone Ihres Vertragskontos, in der Regel 20 Tage nach dem Tag, an dem der Fall eingegangen ist. Fordert das Dispute-Team weitere Informationen an, erhalten Sie eine neue Frist, in der Regel 10 Tage.",
            "Das Portal zeigt die Frist mit ihrer Zeitzone und als Countdown: „noch 3 Tage“, „heute fällig“, „überfällig“. Fälle, die in höchstens drei Tagen fällig sind, werden als dringend markiert.",
            "Eine Antwort wird nur bis zum Fristende angenommen; der Server prüft das beim Absenden. Warten Sie nicht bis zur letzten Minute.",
            "Wird eine Anfrage nicht rechtzeitig beantwortet, wird sie als „keine Antwort“ geschlossen und automatisch eine Rückbelastung eröffnet. Eine unbeantwortete Rückbelastung wird als „abgelaufen“ geschlossen und bleibt bestehen.",
          ],
        },
        { h: "Zentrale oder dezentrale Bearbeitung" },
        {
          ul: [
            "Zentral: Firmenzentrale und Standort dürfen einen Fall beantworten.",
            "Dezentral: Die Firmenzentrale sieht alle Fälle, beantworten muss aber der Standort; die Fallseite sagt das, und das Portal lehnt eine Antwort der Firmenzentrale ab.",
            "Der Administrator der Firmenzentrale ändert das unter Einstellungen → Organisation. Die Änderung gilt sofort für offene Fälle und wird im Prüfprotokoll festgehalten.",
          ],
        },
        { h: "Wenn zwei gleichzeitig antworten" },
        {
          p: "Hat jemand anderes den Fall beantwortet, während Sie geschrieben haben, überschreibt das Portal dessen Antwort nicht. Sie sehen einen Hinweis, laden den Fall neu und prüfen, ob noch etwas zu tun ist.",
        },
      ],
    },
    nl: {
      title: "Informatieverzoeken en chargebacks beantwoorden",
      summary:
        "Wat een informatieverzoek nodig heeft, wanneer u de kaarthouder kunt terugbetalen, wat een chargeback toelaat, en hoe termijnen werken.",
      blocks: [
        { h: "Twee soorten zaken" },
        {
          ul: [
            "Een informatieverzoek betekent dat de kaarthouder een vraag heeft gesteld over een betaling. Er is nog geen geld verplaatst. U antwoordt met de documenten die de betaling onderbouwen, of u betaalt de kaarthouder terug.",
            "Een chargeback betekent dat het bedrag al van uw rekening is afgeschreven. U kunt de chargeback betwisten met documenten en opmerkingen, of haar accepteren.",
          ],
        },
        { h: "Een informatieverzoek beantwoorden" },
        {
          ul: [
            "De zaak noemt de vereiste onderbouwende documenten, bijvoorbeeld een ondertekend transactiebewijs, een gespecificeerde factuur, een bewijs van levering of uw annuleringsvoorwaarden.",
            "Voeg voor elk vereist document minstens één bestand toe en koppel elk bestand aan het document dat het bewijst. Bestanden mogen PDF, PNG, JPEG of TIFF zijn, binnen de grootte en het aantal die het formulier toont (10 MiB per bestand en 10 bestanden, tenzij het platform dat heeft gewijzigd).",
            "Een antwoord is volledig als er voor elk vereist document een bestand is, of als u het volledige betwiste bedrag terugbetaalt. Het portaal weigert een onvolledig antwoord en vertelt u wat er ontbreekt.",
            "Na het indienen gaat de zaak ter beoordeling naar het geschillenteam. Een ingediend antwoord en de bestanden ervan kunnen niet meer worden gewijzigd.",
          ],
        },
        { h: "De kaarthouder terugbetalen" },
        {
          ul: [
            "Bij een informatieverzoek mag u de kaarthouder terugbetalen: meer dan nul en hoogstens het betwiste bedrag min de terugbetalingen die al voor dezelfde betaling zijn gedaan, in de valuta van de zaak.",
            "Een volledige terugbetaling sluit het informatieverzoek direct met de uitkomst „terugbetaald”. Een gedeeltelijke terugbetaling wordt samen met de rest van uw antwoord beoordeeld.",
            "Zodra er voor een betaling een chargeback bestaat, kan er geen terugbetaling meer voor worden ingevoerd: het geld is al teruggehaald.",
            "Terugbetalingen staan op uw volgende maandelijkse afrekening.",
          ],
        },
        { h: "Wat een chargeback toelaat" },
        {
          ul: [
            "Betwisten: voeg bestanden toe, schrijf opmerkingen, of allebei. Het geschillenteam beslist of de chargeback wordt teruggedraaid (gewonnen) of blijft staan (verloren). Een teruggedraaide chargeback wordt terugbetaald en staat op uw afrekening.",
            "Accepteren: u neemt de aansprakelijkheid op u en de zaak wordt gesloten als „geaccepteerd”.",
            "Bij een chargeback is er geen veld voor een terugbetaling.",
          ],
        },
        { h: "Termijnen en tijdzones" },
        {
          ul: [
            "Elke zaak heeft een datum voor reageren vóór. Dat is het einde van die kalenderdag (23:59:59) in de tijdzone van uw locatie, meestal 20 dagen na de dag waarop de zaak is ontvangen. Vraagt het geschillenteam om meer informatie, dan krijgt u een nieuwe termijn, meestal 10 dagen.",
            "Het portaal toont de termijn met de tijdzone en als aftelling: „nog 3 dagen”, „vandaag reageren”, „verlopen”. Zaken die binnen drie dagen beantwoord moeten zijn, worden als dringend gemarkeerd.",
            "Een antwoord wordt alleen tot de termijn geaccepteerd; de server controleert dat bij het indienen. Wacht niet tot het laatste moment.",
            "Beantwoordt niemand een informatieverzoek op tijd, dan wordt het gesloten als „geen reactie” en wordt er automatisch een chargeback geopend. Een onbeantwoorde chargeback wordt gesloten als „verlopen” en blijft staan.",
          ],
        },
        { h: "Centrale of lokale afhandeling" },
        {
          ul: [
            "Centraal: zowel het hoofdkantoor als de locatie mag een zaak beantwoorden.",
            "Lokaal: het hoofdkantoor kan elke zaak zien, maar de locatie moet antwoorden; de pagina van de zaak zegt dat en het portaal weigert een antwoord van het hoofdkantoor.",
            "De beheerder van het hoofdkantoor wijzigt dit onder Instellingen → Organisatie. Het geldt direct voor openstaande zaken en wordt vastgelegd in het auditlogboek.",
          ],
        },
        { h: "Als twee mensen tegelijk antwoorden" },
        {
          p: "Heeft iemand anders de zaak beantwoord terwijl u aan het schrijven was, dan overschrijft het portaal dat antwoord niet. U ziet een bericht, laadt de zaak opnieuw en controleert of er nog iets te doen is.",
        },
      ],
    },
  },
  statements: {
    en: {
      title: "Statements and paperless",
      summary: "What a monthly statement contains, how to download it, and what paperless changes.",
      blocks: [
        { h: "Your monthly statement" },
        {
          p: "Every account gets one statement per calendar month, made after the month has ended in the account's time zone. It lists, per currency (a movement in another currency than the account's gets totals of its own):",
        },
        {
          ul: [
            "charges: the card payments at the location;",
            "credits: refunds to cardholders, including credits issued in answers to inquiries;",
            "chargebacks debited from the account;",
            "chargeback reversals: chargebacks decided in your favour, paid back;",
            "fees, including the paper-statement fee if the account is not paperless;",
            "the net amount: the sum of all of these, each with its sign: + for money to you (charges, reversals), − for money from you (credits, chargebacks, fees).",
          ],
        },
        {
          p: "A statement is made once and never changes afterwards. A movement booked after a month has closed appears on the statement of the month in which it was booked.",
        },
        { h: "Viewing and downloading" },
        {
          ul: [
            "Statements shows the last months of every account you can see; head office sees all its locations and can filter by account.",
            "Open a statement to see each line. Download it as PDF to file or print it, or as CSV for your spreadsheet or accounting software. The CSV has a header row, one row per line and the totals; amounts use a decimal point and are signed: money to you positive, money from you negative.",
          ],
        },
        { h: "Paperless statements" },
        {
          ul: [
            "Enrolled accounts get their statements online only: no paper statement is printed or mailed, and there is no paper-statement fee.",
            "Accounts that are not enrolled also receive each statement by post, and each statement carries the monthly paper-statement fee in the account's currency (EUR 2.50, USD 2.50, GBP 2.00 unless agreed otherwise).",
            "The head-office administrator enrols the organisation's locations and takes them out again. Each change is recorded with its date and who made it.",
            "A change applies from the next statement: the setting in force when a month begins decides that month's statement. If you enrol on 15 November, November's statement is still mailed with the fee; December's is the first online-only statement.",
            "You can leave paperless again at any time, with the same rule.",
          ],
        },
      ],
    },
    de: {
      title: "Abrechnungen und papierlos",
      summary: "Was eine Monatsabrechnung enthält, wie Sie sie herunterladen und was „papierlos“ ändert.",
      blocks: [
        { h: "Ihre Monatsabrechnung" },
        {
          p: "Jedes Vertragskonto erhält eine Abrechnung je Kalendermonat, erstellt nach Monatsende in der Zeitzone des Vertragskontos. Sie enthält, je Währung (eine Bewegung in einer anderen Währung als der des Vertragskontos erhält eigene Summen):",
        },
        {
          ul: [
            "Umsätze: die Kartenzahlungen am Standort;",
            "Gutschriften: Erstattungen an Karteninhaber, auch Gutschriften aus Antworten auf Anfragen;",
            "dem Vertragskonto belastete Rückbelastungen;",
            "stornierte Rückbelastungen: zu Ihren Gunsten entschiedene Rückbelastungen, zurückgezahlt;",
            "Gebühren, darunter die Papierabrechnungsgebühr, wenn das Vertragskonto nicht papierlos ist;",
            "den Nettobetrag: die Summe all dieser Beträge, jeweils mit Vorzeichen: + für Geld an Sie (Umsätze, stornierte Rückbelastungen), − für Geld von Ihnen (Gutschriften, Rückbelastungen, Gebühren).",
          ],
        },
        {
          p: "Eine Abrechnung wird einmal erstellt und danach nie geändert. Eine Buchung nach Monatsende erscheint auf der Abrechnung des Monats, in dem sie gebucht wurde.",
        },
        { h: "Ansehen und herunterladen" },
        {
          ul: [
            "Unter Abrechnungen sehen Sie die letzten Monate aller Vertragskonten, die Sie sehen dürfen; die Firmenzentrale sieht alle Standorte und kann nach Vertragskonto filtern.",
            "Öffnen Sie eine Abrechnung, um jede Position zu sehen. Laden Sie sie als PDF zum Ablegen oder Drucken herunter oder als CSV für Tabellenkalkulation oder Buchhaltung. Die CSV-Datei hat eine Kopfzeile, eine Zeile je Position und die Summen; Beträge haben einen Dezimalpunkt und ein Vorzeichen: Geld an Sie positiv, Geld von Ihnen negativ.",
          ],
        },
        { h: "Papierlose Abrechnungen" },
        {
          ul: [
            "Angemeldete Vertragskonten erhalten ihre Abrechnungen nur online: Es wird nichts gedruckt oder verschickt, und es fällt keine Papierabrechnungsgebühr an.",
            "Nicht angemeldete Vertragskonten erhalten jede Abrechnung zusätzlich per Post, und jede Abrechnung enthält die monatliche Papierabrechnungsgebühr in der Währung des Vertragskontos (EUR 2,50, USD 2,50, GBP 2,00, sofern nicht anders vereinbart).",
            "Der Administrator der Firmenzentrale meldet die Standorte der Organisation an und wieder ab. Jede Änderung wird mit Datum und Person festgehalten.",
            "Eine Änderung gilt ab der nächsten Abrechnung: Maßgeblich ist die Einstellung zu Monatsbeginn. Melden Sie sich am 15. November an, kommt die Novemberabrechnung noch per Post mit Gebühr; die Dezemberabrechnung ist die erste nur online.",
            "Sie können papierlos jederzeit wieder beenden, nach derselben Regel.",
          ],
        },
      ],
    },
    nl: {
      title: "Afrekeningen en papierloos",
      summary: "Wat een maandelijkse afrekening bevat, hoe u haar downloadt, en wat papierloos verandert.",
      blocks: [
        { h: "Uw maandelijkse afrekening" },
        {
          p: "Elke locatie krijgt één afrekening per kalendermaand, opgemaakt nadat de maand in de tijdzone van de locatie is geëindigd. Zij vermeldt per valuta (een beweging in een andere valuta dan die van de locatie krijgt eigen totalen):",
        },
        {
          ul: [
            "transacties: de kaartbetalingen bij de locatie;",
            "terugbetalingen aan kaarthouders, inclusief terugbetalingen in antwoorden op informatieverzoeken;",
            "chargebacks die van de rekening zijn afgeschreven;",
            "teruggedraaide chargebacks: chargebacks die in uw voordeel zijn beslist en zijn terugbetaald;",
            "kosten, inclusief de kosten voor de papieren afrekening als de locatie niet papierloos is;",
            "het nettobedrag: de som van dit alles, elk bedrag met zijn teken: + voor geld naar u (transacties, teruggedraaide chargebacks), − voor geld van u (terugbetalingen, chargebacks, kosten).",
          ],
        },
        {
          p: "Een afrekening wordt één keer opgemaakt en verandert daarna nooit meer. Een beweging die na het afsluiten van een maand wordt geboekt, staat op de afrekening van de maand waarin zij is geboekt.",
        },
        { h: "Bekijken en downloaden" },
        {
          ul: [
            "Afrekeningen toont de laatste maanden van elke locatie die u kunt zien; het hoofdkantoor ziet al zijn locaties en kan op locatie filteren.",
            "Open een afrekening om elke regel te zien. Download haar als PDF om te bewaren of af te drukken, of als CSV voor uw spreadsheet of boekhoudprogramma. De CSV heeft een kopregel, één rij per regel en de totalen; bedragen gebruiken een decimale punt en hebben een teken: geld naar u positief, geld van u negatief.",
          ],
        },
        { h: "Papierloze afrekeningen" },
        {
          ul: [
            "Aangemelde locaties krijgen hun afrekeningen alleen online: er wordt geen papieren afrekening gedrukt of verstuurd, en er zijn geen kosten voor de papieren afrekening.",
            "Locaties die niet zijn aangemeld, ontvangen elke afrekening ook per post, en elke afrekening bevat de maandelijkse kosten voor de papieren afrekening in de valuta van de locatie (EUR 2,50, USD 2,50, GBP 2,00, tenzij anders afgesproken).",
            "De beheerder van het hoofdkantoor meldt de locaties van de organisatie aan en weer af. Elke wijziging wordt vastgelegd met de datum en wie haar heeft gedaan.",
            "Een wijziging geldt vanaf de volgende afrekening: de instelling die geldt wanneer een maand begint, bepaalt de afrekening van die maand. Meldt u zich op 15 november aan, dan wordt de afrekening over november nog met kosten per post verstuurd; die over december is de eerste die alleen online komt.",
            "U kunt papierloos op elk moment weer beëindigen, volgens dezelfde regel.",
          ],
        },
      ],
    },
  },
};
