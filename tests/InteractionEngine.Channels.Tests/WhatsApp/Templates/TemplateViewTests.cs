using InteractionEngine.Channels.WhatsApp.Templates;
using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Channels.Tests.WhatsApp.Templates;

/// <summary>The Notifications view's mapping of the shipped catalog.</summary>
public class TemplateViewTests
{
    private static readonly TemplateCatalog Catalog = TemplateCatalogTests.Shipped();

    private static TemplateView View(string name, string language = "en_US") =>
        TemplateViews.List(Catalog, language: language).Single(t => t.Name == name);

    [Fact]
    public void A_template_shows_its_fields_in_body_order_and_which_the_directory_fills()
    {
        var view = View("appointment_reminder");
        Assert.Equal((TemplateCategory.Utility, TemplateStatus.Approved, true), (view.Category, view.Status, view.Sendable));
        Assert.Equal(["en_US"], view.Languages);
        Assert.Equal("Reply to this message to reschedule", view.Footer);
        Assert.Equal(["contact.firstName", "appointment.with", "appointment.date", "appointment.time"], view.Fields.Select(f => f.Field));
        var first = view.Fields[0];
        Assert.Equal(("1", "First name"), (first.Placeholder, first.Label));
        Assert.Equal(new ContactAttributeFill(ContactAttributes.FirstName, "the contact's first name in the directory", true), first.FilledFrom);
        Assert.All(view.Fields.Skip(1), f => Assert.Null(f.FilledFrom)); // typed by the agent
        Assert.Equal([new TemplateReplyButtonView(0, "Yes", "APPOINTMENT_CONFIRM"), new TemplateReplyButtonView(1, "No", "APPOINTMENT_DECLINE")], view.ReplyButtons);
        Assert.Empty(view.ActionButtons);
        Assert.Null(view.Header);
    }

    [Fact]
    public void An_image_placeholder_and_action_buttons_are_shown_as_such()
    {
        var sale = View("spring_sale");
        Assert.Equal(new TemplateHeaderView("IMAGE", Placeholder: true, "header.image", Required: true, Link: null, MimeType: null), sale.Header);
        Assert.Equal([new TemplateActionButtonView(0, NotificationButtonKind.OpenUrl, "Shop now", "https://shop.example.com/spring", null, null)], sale.ActionButtons);
        Assert.Equal([new TemplateReplyButtonView(1, "Stop promotions", "MARKETING_OPT_OUT")], sale.ReplyButtons);
        var discount = sale.Fields.Single(f => f.Field == "promo.discount");
        Assert.Equal((false, "15%"), (discount.Required, discount.Default));

        var loyalty = View("loyalty_welcome");
        Assert.Equal((TemplateStatus.Pending, false), (loyalty.Status, loyalty.Sendable));
        Assert.Equal(new TemplateHeaderView("IMAGE", Placeholder: false, null, Required: false, "https://shop.example.com/img/loyalty-card.png", "image/png"), loyalty.Header);

        var payment = View("payment_reminder", "pt_PT");
        Assert.Equal([new TemplateActionButtonView(0, NotificationButtonKind.CallPhone, "Ligar-nos", null, "+351210000000", null)], payment.ActionButtons);
    }

    [Fact]
    public void A_dynamic_link_lists_the_field_that_completes_it()
    {
        var view = View("order_shipped");
        Assert.Equal(["first_name", "order_number", "delivery_estimate", null], view.Fields.Select(f => f.Placeholder));
        var tracking = view.Fields[^1];
        Assert.Equal(("order.trackingCode", 0, true), (tracking.Field, tracking.ButtonIndex, tracking.Required));
        Assert.Equal(new TemplateActionButtonView(0, NotificationButtonKind.OpenUrl, "Track my parcel", "https://shop.example.com/track/{{1}}", null, "order.trackingCode"),
            Assert.Single(view.ActionButtons));
    }

    [Fact]
    public void A_contact_field_the_engine_holds_no_data_for_says_so()
    {
        var catalog = TemplateCatalog.Parse("""
            {"templates": [{"name": "vip", "language": "en_US", "category": "UTILITY", "status": "APPROVED",
              "body": "Hi {{1}}, your tier is {{2}}", "fields": [
                {"placeholder": "1", "field": "contact.lastName"}, {"placeholder": "2", "field": "contact.tier"}]}]}
            """);
        var fields = Assert.Single(TemplateViews.List(catalog)).Fields;
        Assert.True(fields[0].FilledFrom!.Known);
        Assert.Equal(("tier", false), (fields[1].FilledFrom!.Attribute, fields[1].FilledFrom!.Known));
    }

    [Fact]
    public void The_list_filters_by_name_and_language_and_lists_every_language_of_a_name()
    {
        var catalog = TemplateCatalog.Parse("""
            {"templates": [
              {"name": "payment_reminder", "language": "pt_PT", "category": "UTILITY", "status": "APPROVED", "body": "Olá"},
              {"name": "payment_reminder", "language": "es_ES", "category": "UTILITY", "status": "APPROVED", "body": "Hola"},
              {"name": "order_shipped", "language": "en_US", "category": "UTILITY", "status": "APPROVED", "body": "Shipped"}]}
            """);
        Assert.Equal([("order_shipped", "en_US"), ("payment_reminder", "es_ES"), ("payment_reminder", "pt_PT")],
            TemplateViews.List(catalog).Select(t => (t.Name, t.Language)));
        Assert.All(TemplateViews.List(catalog, name: "PAYMENT"), t => Assert.Equal(["es_ES", "pt_PT"], t.Languages));
        Assert.Equal(["payment_reminder"], TemplateViews.List(catalog, language: "pt_PT").Select(t => t.Name));
        Assert.Empty(TemplateViews.List(catalog, name: "nothing"));
    }
}
