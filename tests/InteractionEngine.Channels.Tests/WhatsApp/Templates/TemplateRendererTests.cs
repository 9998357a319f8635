using InteractionEngine.Channels.WhatsApp.Cloud;
using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp.Templates;

public class TemplateRendererTests
{
    private static readonly TemplateCatalog Catalog = TemplateCatalogTests.Shipped();
    private static readonly Dictionary<string, string> Ana = new() { ["firstName"] = "Ana", ["lastName"] = "Sousa" };
    private static readonly Dictionary<string, string> None = [];

    private static TemplateDefinition T(string name, string language = "en_US") => Catalog.Find(name, language)!;

    [Fact]
    public void Contact_fields_are_filled_automatically_and_agent_fields_from_the_agent()
    {
        var result = TemplateRenderer.Render(T("appointment_reminder"), Ana, new Dictionary<string, string>
        {
            ["appointment.with"] = "Dr. Costa", ["appointment.date"] = "12 June", ["appointment.time"] = "10:30",
        });
        Assert.True(result.Succeeded, result.Error);
        var n = result.Rendered!.Notification;
        Assert.Equal("Hello Ana, this is a reminder of your appointment with Dr. Costa on 12 June at 10:30. Will you be able to attend?", n.Body);
        Assert.Equal("Ana", n.Fields["contact.firstName"]);
        Assert.Equal([new NotificationButton(NotificationButtonKind.QuickReply, "Yes", "APPOINTMENT_CONFIRM"),
                      new NotificationButton(NotificationButtonKind.QuickReply, "No", "APPOINTMENT_DECLINE")], n.Buttons);

        var p = result.Rendered.Payload;
        Assert.Equal(("appointment_reminder", "en_US"), (p.Name, p.Language.Code));
        var body = p.Components.Single(c => c.Type == "body");
        Assert.Equal(["Ana", "Dr. Costa", "12 June", "10:30"], body.Parameters.Select(x => x.Text));
        Assert.All(body.Parameters, x => Assert.Null(x.ParameterName));
        var buttons = p.Components.Where(c => c.Type == "button").ToList();
        Assert.Equal([("quick_reply", "0", "APPOINTMENT_CONFIRM"), ("quick_reply", "1", "APPOINTMENT_DECLINE")],
            buttons.Select(b => (b.SubType, b.Index, b.Parameters[0].Payload)));
    }

    [Fact]
    public void The_agents_edit_wins_over_the_contact_data()
    {
        var result = TemplateRenderer.Render(T("appointment_reminder"), Ana, new Dictionary<string, string>
        {
            ["contact.firstName"] = "Aninhas", ["appointment.with"] = "Dr. Costa", ["appointment.date"] = "12 June", ["appointment.time"] = "10:30",
        });
        Assert.StartsWith("Hello Aninhas,", result.Rendered!.Notification.Body);
    }

    [Fact]
    public void A_missing_required_field_is_an_error_naming_it()
    {
        var result = TemplateRenderer.Render(T("appointment_reminder"), Ana, new Dictionary<string, string>
        {
            ["appointment.with"] = "Dr. Costa", ["appointment.time"] = "10:30", ["appointment.date"] = "  ",
        });
        Assert.False(result.Succeeded);
        Assert.Equal("appointment.date", result.Field);
        Assert.Contains("appointment.date", result.Error);

        var noContact = TemplateRenderer.Render(T("appointment_reminder"), None, new Dictionary<string, string>
        {
            ["appointment.with"] = "Dr. Costa", ["appointment.date"] = "12 June", ["appointment.time"] = "10:30",
        });
        Assert.Equal("contact.firstName", noContact.Field);
    }

    [Fact]
    public void Every_missing_field_is_listed_at_once_in_the_forms_order()
    {
        var result = TemplateRenderer.Render(T("appointment_reminder"), None, new Dictionary<string, string> { ["appointment.with"] = "Dr. Costa" });
        Assert.False(result.Succeeded);
        Assert.Equal(["contact.firstName", "appointment.date", "appointment.time"], result.FieldProblems!.Select(p => p.Field));
        Assert.Equal("contact.firstName", result.Field);
        Assert.Contains("appointment.time", result.Error);

        // The image header counts too (after the body's fields); a field with a default is not missing.
        var sale = TemplateRenderer.Render(T("spring_sale"), Ana, new Dictionary<string, string>());
        Assert.Equal(["promo.code", "promo.endDate", "header.image"], sale.FieldProblems!.Select(p => p.Field));
    }

    [Fact]
    public void A_template_that_is_not_approved_cannot_be_sent()
    {
        var result = TemplateRenderer.Render(T("loyalty_welcome"), Ana, new Dictionary<string, string> { ["loyalty.memberNumber"] = "M-1" });
        Assert.False(result.Succeeded);
        Assert.Contains("PENDING", result.Error);
        Assert.Contains("only APPROVED", result.Error);
        var rejected = T("appointment_reminder") with { Status = TemplateStatus.Rejected };
        Assert.Contains("REJECTED", TemplateRenderer.Render(rejected, Ana, None).Error);
    }

    [Fact]
    public void Named_placeholders_send_parameter_names_and_optional_fields_fall_back_to_their_default()
    {
        var result = TemplateRenderer.Render(T("order_shipped"), Ana, new Dictionary<string, string>
        {
            ["order.number"] = "A-1042", ["order.trackingCode"] = "PT123456789",
        });
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("Hi Ana, good news: your order A-1042 has shipped and should arrive within 3 working days.", result.Rendered!.Notification.Body);
        var body = result.Rendered.Payload.Components.Single(c => c.Type == "body");
        Assert.Equal([("first_name", "Ana"), ("order_number", "A-1042"), ("delivery_estimate", "within 3 working days")],
            body.Parameters.Select(x => (x.ParameterName, x.Text)));
        var url = result.Rendered.Payload.Components.Single(c => c.Type == "button");
        Assert.Equal(("url", "0", "PT123456789"), (url.SubType, url.Index, url.Parameters[0].Text));
        Assert.Equal(new NotificationButton(NotificationButtonKind.OpenUrl, "Track my parcel", "https://shop.example.com/track/PT123456789"),
            result.Rendered.Notification.Buttons.Single());
        Assert.Equal("PT123456789", result.Rendered.Notification.Fields["order.trackingCode"]);
    }

    [Fact]
    public void A_dynamic_url_needs_its_field()
    {
        var result = TemplateRenderer.Render(T("order_shipped"), Ana, new Dictionary<string, string> { ["order.number"] = "A-1042" });
        Assert.Equal("order.trackingCode", result.Field);
    }

    [Fact]
    public void Call_buttons_are_shown_but_need_no_send_parameter()
    {
        var result = TemplateRenderer.Render(T("payment_reminder", "pt_PT"), Ana, new Dictionary<string, string>
        {
            ["invoice.number"] = "FT 2025/118", ["invoice.amount"] = "49,90 €", ["invoice.dueDate"] = "30 de junho",
        });
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new NotificationButton(NotificationButtonKind.CallPhone, "Ligar-nos", "+351210000000"), result.Rendered!.Notification.Buttons[0]);
        // Only the quick reply (index 1) is a send component; the call button (index 0) is static.
        Assert.Equal("1", result.Rendered.Payload.Components.Single(c => c.Type == "button").Index);
    }

    [Fact]
    public void The_image_placeholder_takes_the_uploaded_image_and_refuses_without_one()
    {
        var agent = new Dictionary<string, string> { ["promo.code"] = "SPRING25", ["promo.endDate"] = "31 May" };
        var missing = TemplateRenderer.Render(T("spring_sale"), Ana, agent);
        Assert.Equal("header.image", missing.Field);

        var upload = new Attachment("whatsapp-media:1456789012345678", "image/jpeg", 182_004, "spring.jpg");
        var result = TemplateRenderer.Render(T("spring_sale"), Ana, agent, upload);
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(upload, result.Rendered!.Notification.HeaderImage);
        Assert.Equal("Hi Ana, our spring collection is here! Enjoy 15% off with code SPRING25 until 31 May.", result.Rendered.Notification.Body);
        var header = result.Rendered.Payload.Components[0];
        Assert.Equal(("header", "image"), (header.Type, header.Parameters[0].Type));
        Assert.Equal(new MediaObject(Id: "1456789012345678"), header.Parameters[0].Image);

        var tooBig = TemplateRenderer.Render(T("spring_sale"), Ana, agent, upload with { SizeBytes = 6 * 1024 * 1024 });
        Assert.Equal("header.image", tooBig.Field);
        var gif = TemplateRenderer.Render(T("spring_sale"), Ana, agent, upload with { MimeType = "image/gif" });
        Assert.Contains("image/gif", gif.Error);
    }

    [Fact]
    public void An_image_uploaded_to_the_engine_is_recorded_and_marked_for_upload_before_sending()
    {
        var agent = new Dictionary<string, string> { ["promo.code"] = "SPRING25", ["promo.endDate"] = "31 May" };
        var attachment = new Attachment("attachment:4f1c", "image/png", 20_000, "spring.png");
        var result = TemplateRenderer.Render(T("spring_sale"), Ana, agent, attachment);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(attachment, result.Rendered!.Notification.HeaderImage);
        Assert.True(result.Rendered.HeaderNeedsUpload);
        Assert.DoesNotContain(result.Rendered.Payload.Components, c => c.Type == "header"); // no WhatsApp reference yet

        var uploaded = TemplateRenderer.Render(T("spring_sale"), Ana, agent, attachment with { Reference = "whatsapp-media:77" });
        Assert.False(uploaded.Rendered!.HeaderNeedsUpload);
        Assert.Equal(new MediaObject(Id: "77"), uploaded.Rendered.Payload.Components[0].Parameters[0].Image);
        Assert.Equal("header.image", TemplateRenderer.Render(T("spring_sale"), Ana, agent, attachment with { MimeType = "image/webp" }).Field);
    }

    [Fact]
    public void A_fixed_header_image_is_sent_by_link()
    {
        var approved = T("loyalty_welcome") with { Status = TemplateStatus.Approved };
        var result = TemplateRenderer.Render(approved, Ana, new Dictionary<string, string> { ["loyalty.memberNumber"] = "M-1" });
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new MediaObject(Link: "https://shop.example.com/img/loyalty-card.png"), result.Rendered!.Payload.Components[0].Parameters[0].Image);
        Assert.Equal("image/png", result.Rendered.Notification.HeaderImage!.MimeType);
    }

    [Fact]
    public void Values_WhatsApp_would_refuse_are_refused_here_naming_the_field()
    {
        var result = TemplateRenderer.Render(T("appointment_reminder"), Ana, new Dictionary<string, string>
        {
            ["appointment.with"] = "Dr. Costa\nroom 4", ["appointment.date"] = "12 June", ["appointment.time"] = "10:30",
        });
        Assert.Equal("appointment.with", result.Field);
    }

    [Fact]
    public void Each_value_says_where_it_came_from_and_the_recorded_fields_render_the_same_payload()
    {
        var result = TemplateRenderer.Render(T("spring_sale"), Ana, new Dictionary<string, string> { ["promo.code"] = "SPRING", ["promo.endDate"] = "31 May" },
            new Attachment("https://cdn.example.com/sale.jpg", "image/jpeg", 1000));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(new Dictionary<string, TemplateFieldSource>
        {
            ["contact.firstName"] = TemplateFieldSource.Contact, ["promo.discount"] = TemplateFieldSource.Default,
            ["promo.code"] = TemplateFieldSource.Agent, ["promo.endDate"] = TemplateFieldSource.Agent,
        }, result.Rendered!.Sources);

        // What the dispatcher sends for the recorded notification is what was rendered for the agent.
        var again = TemplateRenderer.RenderRecorded(T("spring_sale"), result.Rendered.Notification, result.Rendered.Notification.HeaderImage);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(result.Rendered.Payload), System.Text.Json.JsonSerializer.Serialize(again.Rendered!.Payload));
    }
}
