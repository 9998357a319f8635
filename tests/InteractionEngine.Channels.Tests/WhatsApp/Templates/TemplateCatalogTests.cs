using InteractionEngine.Channels.WhatsApp.Templates;

namespace InteractionEngine.Channels.Tests.WhatsApp.Templates;

public class TemplateCatalogTests
{
    public static TemplateCatalog Shipped() => TemplateCatalog.Load(Path.Combine(AppContext.BaseDirectory, "whatsapp-templates.json"));

    [Fact]
    public void The_shipped_catalog_loads_with_its_templates()
    {
        var catalog = Shipped();
        Assert.Equal(["appointment_reminder", "order_shipped", "payment_reminder", "spring_sale", "loyalty_welcome", "whatsapp_connection_request", "whatsapp_channel_check"], catalog.Templates.Select(t => t.Name));
        var reminder = catalog.Find("appointment_reminder", "en_US")!;
        Assert.Equal(TemplateCategory.Utility, reminder.Category);
        Assert.Equal(TemplateStatus.Approved, reminder.Status);
        Assert.Equal([TemplateButtonType.QuickReply, TemplateButtonType.QuickReply], reminder.Buttons.Select(b => b.Type));
        Assert.Equal(TemplateButtonType.PhoneNumber, catalog.Find("payment_reminder", "pt_PT")!.Buttons[0].Type);
        Assert.Equal(TemplateStatus.Pending, catalog.Find("loyalty_welcome", "en_US")!.Status);
        Assert.Null(catalog.Find("appointment_reminder", "pt_PT"));
    }

    [Fact]
    public void Every_problem_of_a_bad_catalog_is_reported_at_once()
    {
        const string json = """
            {"templates":[
              {"name":"Bad Name","language":"english","category":"UTILITY","status":"APPROVED","body":"Hi {{1}} and {{3}}",
               "fields":[{"placeholder":"1","field":"contact.firstName"},{"placeholder":"3","field":"x.y"},{"placeholder":"9","field":"z"}]},
              {"name":"mixed","language":"en_US","category":"UTILITY","status":"APPROVED","body":"Hi {{1}}, order {{order_id}}",
               "fields":[{"placeholder":"1","field":"contact.firstName"},{"placeholder":"order_id","field":"order.id","required":false}],
               "buttons":[{"type":"URL","text":"Track","url":"https://x.example/{{1}}/details"},{"type":"PHONE_NUMBER","text":"Call","phoneNumber":"12"}]},
              {"name":"mixed","language":"en_US","category":"UTILITY","status":"APPROVED","body":"Hello","fields":[]}
            ]}
            """;
        var e = Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse(json));
        Assert.Contains(e.Problems, p => p.Contains("name must be lowercase"));
        Assert.Contains(e.Problems, p => p.Contains("language must be"));
        Assert.Contains(e.Problems, p => p.Contains("without gaps"));
        Assert.Contains(e.Problems, p => p.Contains("{{9}} matches no placeholder"));
        Assert.Contains(e.Problems, p => p.Contains("mixes {{1}} and named"));
        Assert.Contains(e.Problems, p => p.Contains("optional field order.id needs a default"));
        Assert.Contains(e.Problems, p => p.Contains("dynamic url ends in {{1}}"));
        Assert.Contains(e.Problems, p => p.Contains("button 'Call'"));
        Assert.Contains(e.Problems, p => p.Contains("mixed (en_US) is defined 2 times"));
    }

    [Fact]
    public void Missing_members_are_catalog_errors_not_defaults()
    {
        // Deserialized, an absent status would read as APPROVED and an absent category as MARKETING.
        var e = Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse(
            """{"templates":[{"name":"a","language":"en_US","body":"x"},{"language":"en_US","category":"UTILITY","status":"APPROVED","body":"y"}]}"""));
        Assert.Equal(["template #0 (a) is missing \"category\"", "template #0 (a) is missing \"status\"", "template #1 is missing \"name\""], e.Problems);
        Assert.Contains("templates", Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse("{}")).Message);

        var nested = Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse("""
            {"templates":[{"name":"b","language":"en_US","category":"UTILITY","status":"APPROVED","body":"Hi {{1}}",
              "fields":[{"placeholder":"1"}],"buttons":[{"text":"Yes"}],"header":{"link":"https://x.example/a.png"}}]}
            """));
        Assert.Equal(["template #0 (b): fields[0] is missing \"field\"", "template #0 (b): buttons[0] is missing \"type\"",
            "template #0 (b): header is missing \"format\""], nested.Problems);
    }

    [Fact]
    public void Malformed_json_and_unknown_enum_values_are_catalog_errors()
    {
        Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse("{"));
        Assert.Throws<TemplateCatalogException>(() => TemplateCatalog.Parse(
            """{"templates":[{"name":"a","language":"en","category":"SPAM","status":"APPROVED","body":"x"}]}"""));
    }
}
