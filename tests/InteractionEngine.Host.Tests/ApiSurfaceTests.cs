using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;

namespace InteractionEngine.Host.Tests;

/// <summary>Directory, attachments, analyst history, OpenAPI and correlation ids.</summary>
public class ApiSurfaceTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private static string Contact() => "x-" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Directory_normalises_phone_numbers_to_E164_and_refuses_invalid_ones()
    {
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
        var contact = Contact();
        var created = await agent.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "Ana", lastName = "Sousa", phoneNumbers = new[] { new { number = "912 345 678", label = "mobile" } }, defaultRegion = "PT" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Contains("+351912345678", await created.Content.ReadAsStringAsync());

        var again = await agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName = "Ana" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var invalid = await agent.PutAsJsonAsync($"/api/v1/directory/contacts/{contact}", new { phoneNumbers = new[] { new { number = "+351 12" } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Contains("+351 12", await invalid.Content.ReadAsStringAsync());

        var updated = await agent.PutAsJsonAsync($"/api/v1/directory/contacts/{contact}",
            new { phoneNumbers = new[] { new { number = "+44 20 7946 0958", label = "work" } } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var details = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/directory/contacts/{contact}")).RootElement;
        Assert.Equal("Ana", details.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Equal("+442079460958", details.GetProperty("profile").GetProperty("phoneNumbers")[0].GetProperty("number").GetString());

        var otherTenant = await engine.CreateClient().As(TestKeys.GlobexAgent1).GetAsync($"/api/v1/directory/contacts/{contact}");
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.StatusCode);
    }

    [Fact]
    public async Task Image_upload_checks_type_and_size_is_readable_by_the_tenant_only_and_agent_messages_may_only_reference_own_uploads()
    {
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];
        var upload = await agent.PostAsync("/api/v1/attachments?fileName=receipt.png", Content(png, "image/png"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var reference = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
        Assert.StartsWith("attachment:", reference);
        var id = reference["attachment:".Length..];
        var download = await agent.GetAsync($"/api/v1/attachments/{id}");
        Assert.Equal(png, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(("inline", "receipt.png"), (download.Content.Headers.ContentDisposition?.DispositionType, download.Content.Headers.ContentDisposition?.FileName));
        Assert.Equal(HttpStatusCode.NotFound, (await engine.CreateClient().As(TestKeys.GlobexAgent1).GetAsync($"/api/v1/attachments/{id}")).StatusCode);

        var contact = Contact();
        var routed = await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-1", reason = "test" });
        Assert.True(routed.IsSuccessStatusCode, await routed.Content.ReadAsStringAsync());
        var withUpload = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { clientMessageId = "img-1", attachments = new[] { new { reference, mimeType = "image/png", sizeBytes = png.Length } } });
        Assert.True(withUpload.IsSuccessStatusCode, await withUpload.Content.ReadAsStringAsync());
        var unknown = $"attachment:{Guid.NewGuid()}";
        var withUnknown = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { clientMessageId = "img-2", attachments = new[] { new { reference = unknown, mimeType = "image/png", sizeBytes = 12 } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, withUnknown.StatusCode);
        Assert.Contains(unknown, await withUnknown.Content.ReadAsStringAsync());
        var othersUpload = await engine.CreateClient().As(TestKeys.GlobexAgent1).PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { clientMessageId = "img-3", attachments = new[] { new { reference, mimeType = "image/png", sizeBytes = png.Length } } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, othersUpload.StatusCode);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await agent.PostAsync("/api/v1/attachments", Content([1, 2, 3], "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await agent.PostAsync("/api/v1/attachments", Content(new byte[6 * 1024 * 1024], "image/jpeg"))).StatusCode);
    }

    [Fact]
    public async Task Analyst_reads_a_transcript_as_it_stood_and_the_event_stream_but_agents_may_not()
    {
        var routing = engine.CreateClient().As(TestKeys.AcmeRouting);
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
        var analyst = engine.CreateClient().As(TestKeys.AcmeAnalyst);
        var contact = Contact();
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "Sms", channelMessageId = "s1", text = "first" });
        await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "Sms", agentId = "agent-1", reason = "sms" });
        await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { });
        await Task.Delay(20); // two distinct instants on the clock, so "as of" falls between them
        var beforeReactivation = DateTimeOffset.UtcNow;
        await Task.Delay(20);
        await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/reactivate", new { });
        await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "m1", text = "second interaction" });

        await engine.ReadSideCaughtUpAsync();
        var now = JsonDocument.Parse(await analyst.GetStringAsync(
            $"/api/v1/contacts/{contact}/transcript/as-of?at={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}")).RootElement;
        var then = JsonDocument.Parse(await analyst.GetStringAsync(
            $"/api/v1/contacts/{contact}/transcript/as-of?at={Uri.EscapeDataString(beforeReactivation.ToString("O"))}")).RootElement;
        Assert.DoesNotContain(then.GetProperty("lines").EnumerateArray(), l => l.GetProperty("interaction").GetInt32() == 2);
        Assert.Contains(now.GetProperty("lines").EnumerateArray(), l => l.GetProperty("interaction").GetInt32() == 2);

        var to = DateTimeOffset.UtcNow.AddSeconds(1);
        var stream = await analyst.GetAsync($"/api/v1/events?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}");
        Assert.Equal("application/x-ndjson", stream.Content.Headers.ContentType?.MediaType);
        var lines = (await stream.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("conversationId").GetString() == $"acme:{contact}").ToList();
        Assert.Contains(lines, e => e.GetProperty("type").GetString() == "Reactivated/1");

        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync($"/api/v1/events?from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/v1/events?from=yesterday&to=today")).StatusCode);
    }

    [Fact]
    public async Task Agent_kpis_come_from_the_async_daemon()
    {
        var routing = engine.CreateClient().As(TestKeys.AcmeRouting);
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent2);
        var contact = Contact();
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages/inbound", new { channel = "WebChat", channelMessageId = "k1", text = "help" });
        await routing.PostAsJsonAsync($"/api/v1/contacts/{contact}/route", new { channel = "WebChat", agentId = "agent-2", reason = "kpi" });
        await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages", new { clientMessageId = "k-a1", text = "hello" });
        await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/done", new { });

        var analyst = engine.CreateClient().As(TestKeys.AcmeAnalyst);
        var range = $"from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O"))}";
        // The KPIs are an async projection: the journal's events reach Marten, then Marten's daemon catches up with them.
        await engine.ReadSideCaughtUpAsync();
        await ((DocumentStore)engine.Services.GetRequiredService<IDocumentStore>()).WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(30));
        var kpis = JsonDocument.Parse(await analyst.GetStringAsync($"/api/v1/kpis/agents?{range}")).RootElement;
        var agent2 = kpis.EnumerateArray().FirstOrDefault(a => a.GetProperty("agentId").GetString() == "agent-2");
        Assert.Equal(JsonValueKind.Object, agent2.ValueKind);
        Assert.True(agent2.GetProperty("interactions").GetInt32() >= 1);
        Assert.True(agent2.GetProperty("outboundMessages").GetInt32() >= 1);
    }

    [Fact]
    public async Task OpenApi_document_is_served_and_requests_carry_a_correlation_id()
    {
        var document = await engine.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/contacts/{contact}/messages/inbound", document);

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/contacts/{Contact()}/messages/inbound")
        {
            Content = JsonContent.Create(new { channel = "WebChat", channelMessageId = "c1", text = "hi" }),
        };
        request.Headers.Add("X-Correlation-Id", "trace-me-123");
        var response = await engine.CreateClient().As(TestKeys.AcmeRouting).SendAsync(request);
        Assert.Equal("trace-me-123", response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task OpenApi_declares_the_api_key_scheme_a_response_schema_for_every_body_and_serves_an_interactive_reference()
    {
        var document = JsonDocument.Parse(await engine.CreateClient().GetStringAsync("/openapi/v1.json")).RootElement;
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey").GetProperty("scheme").GetString());
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name.ToUpperInvariant()} {path.Name}", Operation: op.Value)))
            .ToList();
        Assert.True(operations.Count > 20, $"only {operations.Count} operations");
        foreach (var (name, operation) in operations)
        {
            var responses = operation.GetProperty("responses").EnumerateObject().ToList();
            var success = responses.Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, $"{name} declares no 2xx response");
            foreach (var response in success)
                Assert.True(response.Value.TryGetProperty("content", out var content) && content.EnumerateObject().All(c => c.Value.TryGetProperty("schema", out _)),
                    $"{name} {response.Name} has no response schema");
            foreach (var problem in responses.Where(r => r.Name[0] == '4'))
                Assert.True(problem.Value.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{name} {problem.Name} is not ProblemDetails");
            if (!name.Contains("/webhook"))
                Assert.True(operation.TryGetProperty("security", out var security) && security.GetArrayLength() > 0, $"{name} declares no security");
        }
        // Integers are integers (not "integer or string"), and the contact route parameter is declared.
        var transcript = document.GetProperty("paths").GetProperty("/api/v1/contacts/{contact}/transcript").GetProperty("get");
        Assert.Contains(transcript.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "contact");
        var pageSize = transcript.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "pageSize");
        Assert.DoesNotContain("string", pageSize.GetProperty("schema").ToString());

        var reference = await engine.CreateClient().GetAsync("/scalar");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("InteractionEngine API", await reference.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("image/png", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10 })]                     // a jpeg labelled png
    [InlineData("image/jpeg", new byte[] { 0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0 })]     // a gif labelled jpeg
    [InlineData("image/png", new byte[] { 0x3C, 0x68, 0x74, 0x6D, 0x6C, 0x3E, 0x3C, 0x73 })]     // "<html><s": not an image at all
    public async Task An_upload_whose_content_is_not_the_declared_type_is_415_and_nothing_is_stored(string declared, byte[] content)
    {
        var response = await engine.CreateClient().As(TestKeys.AcmeAgent1).PostAsync("/api/v1/attachments", Content(content, declared));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_agent_message_takes_type_and_size_from_the_stored_upload_not_from_its_body()
    {
        var agent = engine.CreateClient().As(TestKeys.AcmeAgent1);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9, 8, 7, 6, 5];
        var upload = await agent.PostAsync("/api/v1/attachments?fileName=real.png", Content(png, "image/png"));
        var reference = JsonDocument.Parse(await upload.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
        var contact = Contact();
        (await engine.CreateClient().As(TestKeys.AcmeRouting).PostAsJsonAsync($"/api/v1/contacts/{contact}/route",
            new { channel = "WebChat", agentId = "agent-1", reason = "test" })).EnsureSuccessStatusCode();

        var sent = await agent.PostAsJsonAsync($"/api/v1/contacts/{contact}/messages",
            new { clientMessageId = "lie-1", attachments = new[] { new { reference, mimeType = "text/html", sizeBytes = 1 } } });
        Assert.True(sent.IsSuccessStatusCode, await sent.Content.ReadAsStringAsync());
        var position = JsonDocument.Parse(await sent.Content.ReadAsStringAsync()).RootElement.GetProperty("position").GetString();

        var transcript = JsonDocument.Parse(await agent.GetStringAsync($"/api/v1/contacts/{contact}/transcript?position={position}")).RootElement;
        var attachment = transcript.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("direction").GetString() == "Outbound")
            .GetProperty("attachments")[0];
        Assert.Equal(("image/png", (long)png.Length), (attachment.GetProperty("mimeType").GetString(), attachment.GetProperty("sizeBytes").GetInt64()));
    }

    private static ByteArrayContent Content(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
