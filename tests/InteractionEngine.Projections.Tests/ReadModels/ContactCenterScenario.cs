using InteractionEngine.Domain.Conversations;

namespace InteractionEngine.Projections.Tests.ReadModels;

/// <summary>
/// A small contact center day. Tenant acme: ana (WhatsApp, image, transfer, notification with button reply,
/// delivery statuses incl. a failure, contact ends, reopen before and after Done, SMS, then a new Tweet
/// interaction after Done), bruno (queued, unread), chen (web chat in Japanese, all read). Tenant globex has
/// a contact also called ana, to prove nothing crosses tenants.
/// </summary>
internal sealed class ContactCenterScenario
{
    public static readonly DateTimeOffset Start = new(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);

    public static readonly NotificationContent Reminder = new(
        "payment_reminder", "en", "Your invoice 123 is due on Friday. Pay now?",
        new Dictionary<string, string> { ["invoice"] = "123", ["due"] = "Friday" },
        new Attachment("media://invoice-123.png", "image/png", 20_480, "invoice-123.png", "Invoice 123"),
        [new NotificationButton(NotificationButtonKind.QuickReply, "Pay now", "pay"), new NotificationButton(NotificationButtonKind.QuickReply, "Later", "later")]);

    public ConversationScript Ana { get; }
    public ConversationScript Bruno { get; }
    public ConversationScript Chen { get; }
    public ConversationScript GlobexAna { get; }

    public DateTimeOffset AnaFirstMessageAt { get; }
    public DateTimeOffset AnaRoutedAt { get; }
    public DateTimeOffset AnaFirstReplyAt { get; }
    public DateTimeOffset AnaReplyReadAt { get; }
    public DateTimeOffset AnaFinalDoneAt { get; }

    public ContactCenterScenario()
    {
        var ana = new ConversationScript(new ConversationId("acme", "ana"), Start);
        AnaFirstMessageAt = ana.Now;
        ana.Receive(ChannelKind.WhatsApp, "wamid.a1", "Olá! Preciso de ajuda com a fatura 🎉")                        // #1
            .Seconds(20).Receive(ChannelKind.WhatsApp, "wamid.a2", null,
                [new Attachment("media://receipt.jpg", "image/jpeg", 120_000, "receipt.jpg", "foto do recibo")])  // #2
            .Minutes(2).Route("alice");
        AnaRoutedAt = ana.Now;
        ana.Seconds(45).Send("alice", "Olá Ana, vou verificar a sua fatura.");                                       // #3
        AnaFirstReplyAt = ana.Now;
        ana.Seconds(2).Status(3, DeliveryStatus.Sent, "wamid.o3")
            .Seconds(3).Status(3, DeliveryStatus.Delivered)
            .Seconds(30).Status(3, DeliveryStatus.Read);
        AnaReplyReadAt = ana.Now;
        ana.Minutes(1).Route("bob", "escalation")
            .Seconds(30).Notify("bob", Reminder)                                                                     // #4
            .Seconds(1).Status(4, DeliveryStatus.Sent, "wamid.n4")
            .Seconds(5).Status(4, DeliveryStatus.Delivered)
            .Seconds(40).Receive(ChannelKind.WhatsApp, "wamid.a5", null, inReplyTo: "wamid.n4",
                reply: new ButtonReply("pay", "Pay now"), type: "button")                                            // #5
            .Seconds(30).Send("bob", "Thanks! Payment link sent.")                                                   // #6
            .Seconds(2).Status(6, DeliveryStatus.Failed, "wamid.o6", new DeliveryError(131047, "Re-engagement message", "more than 24 hours"))
            .Seconds(10).Read("bob", 5)
            .Minutes(1).End(Party.Contact, reason: "contact left")
            .Minutes(3).Receive(ChannelKind.WhatsApp, "wamid.a7", "One more thing: 日本語のサポートはありますか？")           // reopens, #7
            .Minutes(2).Done("bob")
            .Minutes(10).Receive(ChannelKind.Sms, "sms.a8", "Sent from SMS: got the receipt, obrigada")             // reopens after Done, #8
            .Minutes(5).Done("bob");
        AnaFinalDoneAt = ana.Now;
        ana.Minutes(90).Reactivate("carol", ChannelKind.Tweet)                                                       // new interaction 2
            .Seconds(30).Send("carol", "Public reply: we are glad we could help!")                                   // #9
            .Minutes(6).Timers()                                                                                     // idle alert
            .Minutes(1).Receive(ChannelKind.Tweet, "tweet.a10", "@acme thanks for the quick help with the fatura")  // #10
            .Minutes(20).End(Party.System, reason: "idle for 15 minutes");
        Ana = ana;

        Bruno = new ConversationScript(new ConversationId("acme", "bruno"), Start.AddMinutes(30))
            .Receive(ChannelKind.WhatsApp, "wamid.b1", "A fatura de março veio errada, a fatura está duplicada")
            .Seconds(10).Receive(ChannelKind.WhatsApp, "wamid.b2", "Alguém pode ver?")
            .Seconds(10).Receive(ChannelKind.WhatsApp, "wamid.b3", "Obrigado");

        Chen = new ConversationScript(new ConversationId("acme", "chen"), Start.AddMinutes(45))
            .Receive(ChannelKind.WebChat, "web.c1", "日本語のテキストを検索できますか")
            .Seconds(30).Route("alice", "skill:japanese", ChannelKind.WebChat)
            .Seconds(30).Send("alice", "はい、できます。")
            .Seconds(5).Read("alice", 2);

        GlobexAna = new ConversationScript(new ConversationId("globex", "ana"), Start.AddMinutes(5))
            .Receive(ChannelKind.WhatsApp, "wamid.g1", "Olá, fatura secreta da globex 🎉")
            .Seconds(30).Route("gina");
    }

    public IEnumerable<ConversationScript> All => [Ana, Bruno, Chen, GlobexAna];
}
