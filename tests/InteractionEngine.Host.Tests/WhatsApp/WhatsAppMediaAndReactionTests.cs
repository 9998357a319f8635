using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Akka.Actor;
using InteractionEngine.Channels.WhatsApp;
using InteractionEngine.Channels.WhatsApp.Outbound;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Host.Tests.WhatsApp;

/// <summary>Images uploaded to the engine go out through WhatsApp's media endpoint; reactions link to their message; one dispatcher per cluster.</summary>
public partial class WhatsAppEndToEndTests
{
    private static byte[] Png(int size)
    {
        var bytes = new byte[size];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<string> UploadAsync(HttpClient agent, byte[] bytes, string contentType, string fileName)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var response = await agent.PostAsync($"/api/v1/attachments?fileName={fileName}", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Str(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement, "reference");
    }

    private async Task<JsonElement> UploadsOfAsync(long size)
    {
        var sends = await engine.Emulator.SendsAsync();
        return sends.GetProperty("uploads").EnumerateArray().LastOrDefault(u => u.GetProperty("sizeBytes").GetInt64() == size);
    }

    [Fact]
    public async Task An_uploaded_image_is_sent_through_the_media_endpoint_and_then_by_its_media_id()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var size = 20_000 + Random.Shared.Next(10_000);
        var reference = await UploadAsync(agent, Png(size), "image/png", "receipt.png");
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new
        {
            clientMessageId = "img1", text = "Your receipt 🧾",
            attachments = new[] { new { reference, mimeType = "image/png", sizeBytes = size, fileName = "receipt.png" } },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Delivery(x) is "Delivered" or "Read"), "the image delivered");
        Assert.Equal(reference, Str(lines.Single(l => Str(l, "direction") == "Outbound").GetProperty("attachments")[0], "reference"));
        var upload = await UploadsOfAsync(size);
        Assert.Equal(JsonValueKind.Object, upload.ValueKind);
        Assert.Equal("image/png", Str(upload, "mimeType"));
        var message = (await engine.Emulator.SendsAsync()).GetProperty("messages").EnumerateArray().Single(m => m.ToString().Contains(waId) && Str(m, "type") == "image");
        var image = message.GetProperty("body").GetProperty("image");
        Assert.Equal((Str(upload, "id"), "Your receipt 🧾"), (Str(image, "id"), Str(image, "caption")));
    }

    [Fact]
    public async Task An_image_whatsapp_does_not_take_is_refused_by_its_stored_type_whatever_the_message_claims()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        // Stored as a gif (checked by content); the message claims png, but the engine judges the stored type.
        var gif = new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0 };
        var reference = await UploadAsync(agent, gif, "image/gif", "anim.gif");
        var refused = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new
        {
            clientMessageId = "gif1", attachments = new[] { new { reference, mimeType = "image/png", sizeBytes = gif.Length } },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("image/gif", await refused.Content.ReadAsStringAsync());
        var sends = await engine.Emulator.SendsAsync();
        Assert.DoesNotContain(sends.GetProperty("messages").EnumerateArray(), m => m.ToString().Contains(waId));
        Assert.Equal(JsonValueKind.Undefined, (await UploadsOfAsync(gif.Length)).ValueKind);
    }

    [Fact]
    public async Task A_template_header_image_uploaded_to_the_engine_goes_through_the_media_endpoint()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var size = 30_000 + Random.Shared.Next(10_000);
        var reference = await UploadAsync(agent, Png(size), "image/png", "spring.png");

        var unknown = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/notifications", new
        {
            clientMessageId = "s0", template = "spring_sale",
            values = new Dictionary<string, string> { ["contact.firstName"] = "Ana", ["promo.code"] = "SPRING25", ["promo.endDate"] = "31 May" },
            headerImage = new { reference = "attachment:" + Guid.NewGuid(), mimeType = "image/png", sizeBytes = 10 },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Equal("headerImage", Str(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement, "field"));

        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/notifications", new
        {
            clientMessageId = "s1", template = "spring_sale",
            values = new Dictionary<string, string> { ["contact.firstName"] = "Ana", ["promo.code"] = "SPRING25", ["promo.endDate"] = "31 May" },
            headerImage = new { reference, mimeType = "image/png", sizeBytes = size, fileName = "spring.png" },
        });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);

        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "kind") == "Notification" && Delivery(x) is "Sent" or "Delivered" or "Read"), "the notification sent");
        Assert.Equal(reference, Str(lines.Single(l => Str(l, "kind") == "Notification").GetProperty("notification").GetProperty("headerImage"), "reference"));
        var upload = await UploadsOfAsync(size);
        var template = (await engine.Emulator.SendsAsync()).GetProperty("messages").EnumerateArray()
            .Single(m => m.ToString().Contains(waId) && Str(m, "type") == "template").GetProperty("body").GetProperty("template");
        var header = template.GetProperty("components").EnumerateArray().Single(c => Str(c, "type") == "header");
        Assert.Equal(Str(upload, "id"), Str(header.GetProperty("parameters")[0].GetProperty("image"), "id"));
    }

    [Fact]
    public async Task A_reaction_and_its_removal_are_linked_to_the_reacted_message()
    {
        var waId = WebhookPayloads.NewWaId();
        var contact = await ContactWritesAndIsRoutedAsync(waId);
        using var agent = engine.Client(TestKeys.AcmeAgent1);
        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "r1", text = "Your order ships today" });
        var number = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("messageNumber").GetInt64();
        var lines = await engine.TranscriptWhenAsync(contact, l => l.Any(x => Str(x, "channelMessageId").StartsWith("wamid.") && Str(x, "direction") == "Outbound"), "the wamid");
        var wamid = Str(lines.Single(l => Str(l, "direction") == "Outbound"), "channelMessageId");

        await engine.Emulator.ContactWritesAsync(waId, new { reaction = new { messageId = wamid, emoji = "❤️" } });
        await engine.Emulator.ContactWritesAsync(waId, new { reaction = new { messageId = wamid, emoji = "" } });
        lines = await engine.TranscriptWhenAsync(contact, l => l.Count(x => Str(x, "kind") == "Reaction") == 2, "the reaction and its removal");
        var reactions = lines.Where(l => Str(l, "kind") == "Reaction").ToList();
        Assert.All(reactions, r => Assert.Equal((wamid, number), (Str(r, "inReplyTo"), r.GetProperty("inReplyToMessageNumber").GetInt64())));
        Assert.Equal("❤️", Str(reactions[0].GetProperty("reaction"), "emoji"));
        Assert.True(reactions[1].GetProperty("reaction").GetProperty("removed").GetBoolean());
    }

    [Fact]
    public async Task The_dispatcher_runs_as_a_cluster_singleton()
    {
        var system = engine.Services.GetRequiredService<ActorSystem>();
        var singleton = await system.ActorSelection($"/user/{WhatsAppChannelRegistration.DispatcherSingletonName}/*").ResolveOne(TimeSpan.FromSeconds(10));
        Assert.Contains(WhatsAppChannelRegistration.DispatcherSingletonName, singleton.Path.ToString());
    }
}

public partial class WhatsAppEndToEndTests
{
    [Fact]
    public async Task Two_dispatchers_running_at_once_still_send_each_message_once()
    {
        // What a singleton hand-over during a partition could briefly cause: a second dispatch loop over the same journal.
        var dispatcher = engine.Services.GetRequiredService<WhatsAppDispatcher>();
        using var stop = new CancellationTokenSource();
        var second = Task.Run(() => dispatcher.RunAsync(stop.Token));
        try
        {
            var waIds = Enumerable.Range(0, 3).Select(_ => WebhookPayloads.NewWaId()).ToList();
            using var agent = engine.Client(TestKeys.AcmeAgent1);
            foreach (var waId in waIds)
            {
                var contact = await ContactWritesAndIsRoutedAsync(waId);
                (await agent.PostAsJsonAsync($"/api/v1/contacts/{Uri.EscapeDataString(contact)}/messages", new { clientMessageId = "twice", text = "only once" })).EnsureSuccessStatusCode();
            }
            foreach (var waId in waIds)
                await engine.TranscriptWhenAsync("+" + waId, l => l.Any(x => Delivery(x) is "Delivered" or "Read"), "the message delivered");
            await Task.Delay(500);
            var sends = await engine.Emulator.SendsAsync();
            foreach (var waId in waIds)
                Assert.Single(sends.GetProperty("messages").EnumerateArray(), m => m.ToString().Contains(waId));
        }
        finally
        {
            await stop.CancelAsync();
            await second;
        }
    }
}
