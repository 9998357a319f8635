using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>The Notifications view over HTTP against real PostgreSQL: the template list, a template's detail, previews, and Connect's number choice.</summary>
public class WhatsAppTemplateApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private static string Contact() => "t-" + Guid.NewGuid().ToString("N")[..10];

    private static readonly Dictionary<string, string> Appointment = new()
    {
        ["appointment.with"] = "Dr. Silva", ["appointment.date"] = "2 December", ["appointment.time"] = "10:00",
    };

    private HttpClient Agent() => engine.CreateClient().As(TestKeys.AcmeAgent1);

    private static async Task<JsonElement> Json(HttpResponseMessage response) => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString()!;

    private async Task<string> DirectoryContactAsync(string firstName, params string[] numbers)
    {
        var contact = Contact();
        var created = await Agent().PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName, phoneNumbers = numbers.Select(n => new { number = n }).ToArray() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return contact;
    }

    private async Task<long> JournalRowsAsync()
    {
        await using var connection = new NpgsqlConnection(engine.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from journal", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task The_list_shows_languages_fields_filled_from_the_directory_image_placeholders_and_buttons()
    {
        var list = await Json(await Agent().GetAsync("/api/v1/channels/whatsapp/templates"));
        var templates = list.GetProperty("templates").EnumerateArray().ToList();
        var reminder = templates.Single(t => Str(t, "name") == "appointment_reminder");
        Assert.Equal(("en_US", "Utility", "Approved", true), (Str(reminder, "language"), Str(reminder, "category"), Str(reminder, "status"), reminder.GetProperty("sendable").GetBoolean()));
        var firstName = reminder.GetProperty("fields")[0];
        Assert.Equal("contact.firstName", Str(firstName, "field"));
        Assert.Equal("firstName", Str(firstName.GetProperty("filledFrom"), "attribute"));
        Assert.Contains("directory", Str(firstName.GetProperty("filledFrom"), "description"));
        Assert.Equal(JsonValueKind.Null, reminder.GetProperty("fields")[1].GetProperty("filledFrom").ValueKind);
        Assert.Equal(["Yes", "No"], reminder.GetProperty("replyButtons").EnumerateArray().Select(b => Str(b, "text")));

        var sale = templates.Single(t => Str(t, "name") == "spring_sale");
        Assert.True(sale.GetProperty("header").GetProperty("placeholder").GetBoolean());
        Assert.Equal("OpenUrl", Str(sale.GetProperty("actionButtons")[0], "kind"));

        // The analyst's read key lists too; a language filter keeps that language.
        var portuguese = await Json(await engine.CreateClient().As(TestKeys.AcmeAnalyst).GetAsync("/api/v1/channels/whatsapp/templates?language=pt_PT"));
        Assert.Equal(["payment_reminder"], portuguese.GetProperty("templates").EnumerateArray().Select(t => Str(t, "name")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await engine.CreateClient().GetAsync("/api/v1/channels/whatsapp/templates")).StatusCode);
    }

    [Fact]
    public async Task A_templates_detail_has_every_language_and_an_unknown_name_is_404()
    {
        var detail = await Json(await Agent().GetAsync("/api/v1/channels/whatsapp/templates/payment_reminder"));
        Assert.Equal(["pt_PT"], detail.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("CallPhone", Str(detail.GetProperty("versions")[0].GetProperty("actionButtons")[0], "kind"));

        var unknown = await Agent().GetAsync("/api/v1/channels/whatsapp/templates/no_such_template");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_preview_fills_the_first_name_from_the_directory_and_changes_nothing()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678");
        await engine.ReadSideCaughtUpAsync();
        var before = await JournalRowsAsync();

        var response = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview",
            new { template = "appointment_reminder", language = "en_US", values = Appointment });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await Json(response);
        Assert.Equal("351912345678", Str(preview, "to"));
        Assert.Equal("Hello Rita, this is a reminder of your appointment with Dr. Silva on 2 December at 10:00. Will you be able to attend?",
            Str(preview.GetProperty("notification"), "body"));
        var first = preview.GetProperty("fields").EnumerateArray().Single(f => Str(f, "field") == "contact.firstName");
        Assert.Equal(("Rita", "Contact"), (Str(first, "value"), Str(first, "source")));
        var template = preview.GetProperty("cloudApiTemplate");
        Assert.Equal("appointment_reminder", Str(template, "name"));
        Assert.Equal("Rita", Str(template.GetProperty("components")[0].GetProperty("parameters")[0], "text"));
        Assert.Equal("quick_reply", Str(template.GetProperty("components")[1], "sub_type")); // as WhatsApp spells it

        // The agent's value wins over the directory's.
        var edited = await Json(await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview",
            new { template = "appointment_reminder", values = new Dictionary<string, string>(Appointment) { ["contact.firstName"] = "Rita Maria" } }));
        Assert.StartsWith("Hello Rita Maria,", Str(edited.GetProperty("notification"), "body"));

        // Nothing was recorded: no event, no conversation.
        await engine.ReadSideCaughtUpAsync();
        Assert.Equal(before, await JournalRowsAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Agent().GetAsync($"/api/v1/contacts/{contact}/summary")).StatusCode);
    }

    [Fact]
    public async Task A_missing_field_is_a_problem_naming_it()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678");
        var response = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new
        {
            template = "appointment_reminder",
            values = new Dictionary<string, string> { ["appointment.with"] = "Dr. Silva", ["appointment.time"] = "10:00" },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("appointment.date", Str(problem, "field"));
        Assert.Contains("appointment.date", Str(problem, "detail"));

        // A contact field with no directory data and no value is missing too.
        var unknown = await Json(await Agent().PostAsJsonAsync($"/api/v1/contacts/{Contact()}/notifications/preview",
            new { template = "appointment_reminder", values = Appointment }));
        Assert.Equal("contact.firstName", Str(unknown, "field"));
        Assert.Equal("template", Str(await Json(await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { values = Appointment })), "field"));
    }

    [Fact]
    public async Task A_wrong_language_answers_the_languages_that_exist_in_preview_and_send()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678");
        var values = new Dictionary<string, string> { ["invoice.number"] = "FT 2026/118", ["invoice.amount"] = "42,50 €", ["invoice.dueDate"] = "15/12" };
        var preview = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { template = "payment_reminder", language = "en_US", values });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, preview.StatusCode);
        var problem = await Json(preview);
        Assert.Equal("language", Str(problem, "field"));
        Assert.Equal(["pt_PT"], problem.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("exists in pt_PT", Str(problem, "detail"));

        var send = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications",
            new { clientMessageId = "n1", template = "payment_reminder", language = "en_US", values });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, send.StatusCode);
        Assert.Equal(["pt_PT"], (await Json(send)).GetProperty("languages").EnumerateArray().Select(l => l.GetString()));

        // Without a language, a template in one language only is that language.
        var omitted = await Json(await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { template = "payment_reminder", values }));
        Assert.Equal("pt_PT", Str(omitted, "language"));
        Assert.StartsWith("Olá Rita, lembramos que a fatura FT 2026/118", Str(omitted.GetProperty("notification"), "body"));
    }

    [Fact]
    public async Task Connect_to_a_number_that_is_not_the_contacts_is_422_with_its_numbers_and_changes_nothing()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678", "+351934567890");
        await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WhatsApp", agentId = "agent-1", reason = "outbound" });
        await engine.ReadSideCaughtUpAsync();
        var before = await JournalRowsAsync();

        var other = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/connect", new { clientMessageId = "c1", phoneNumber = "+44 20 7946 0958" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        var problem = await Json(other);
        Assert.Equal("phoneNumber", Str(problem, "field"));
        Assert.Equal(["+351912345678", "+351934567890"], problem.GetProperty("phoneNumbers").EnumerateArray().Select(n => n.GetString()));

        var index = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/connect", new { clientMessageId = "c2", phoneNumberIndex = 2 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, index.StatusCode);
        Assert.Equal("phoneNumberIndex", Str(await Json(index), "field"));
        Assert.Equal(before, await JournalRowsAsync());
    }

    [Fact]
    public async Task Connect_to_the_second_number_records_that_number_on_the_channel()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678", "+351934567890");
        await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WhatsApp", agentId = "agent-1", reason = "outbound" });

        var connect = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/channels/whatsapp/connect", new { clientMessageId = "c1", phoneNumber = "+351 934 567 890" });
        Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        await engine.ReadSideCaughtUpAsync();
        var channel = await Json(await Agent().GetAsync($"/api/v1/contacts/{contact}/channels/whatsapp"));
        Assert.Equal(("Requested", "351934567890"), (Str(channel, "state"), Str(channel, "address")));
    }

    [Fact]
    public async Task The_image_placeholder_takes_the_agents_upload_and_without_one_is_a_problem_naming_it()
    {
        var contact = await DirectoryContactAsync("Rita", "+351912345678");
        var values = new Dictionary<string, string> { ["promo.code"] = "SPRING", ["promo.endDate"] = "31 May" };
        var missing = await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview", new { template = "spring_sale", values });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing.StatusCode);
        Assert.Equal("header.image", Str(await Json(missing), "field"));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        var upload = await Agent().PostAsync("/api/v1/attachments?fileName=sale.png", new ByteArrayContent(png) { Headers = { ContentType = new("image/png") } });
        var reference = Str(await Json(upload), "reference");
        var preview = await Json(await Agent().PostAsJsonAsync($"/api/v1/contacts/{contact}/notifications/preview",
            new { template = "spring_sale", values, headerImage = new { reference, mimeType = "image/png", sizeBytes = png.Length } }));
        Assert.Equal(reference, Str(preview.GetProperty("notification").GetProperty("headerImage"), "reference"));
        // Uploaded to WhatsApp only when sent: the header component (its media id) is added then.
        Assert.True(preview.GetProperty("headerImageUploadedOnSend").GetBoolean());
        Assert.DoesNotContain(preview.GetProperty("cloudApiTemplate").GetProperty("components").EnumerateArray(), c => Str(c, "type") == "header");
        var discount = preview.GetProperty("fields").EnumerateArray().Single(f => Str(f, "field") == "promo.discount");
        Assert.Equal(("15%", "Default"), (Str(discount, "value"), Str(discount, "source")));
    }
}
