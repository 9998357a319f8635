using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace InteractionEngine.Host.Tests;

/// <summary>The directory listed and searched over real HTTP: by name, by a phone number typed in any format, paged by cursor.</summary>
public sealed class DirectorySearchApiTests(EngineFactory engine) : IClassFixture<EngineFactory>
{
    private readonly HttpClient _agent = engine.CreateClient().As(TestKeys.AcmeAgent1);

    [Fact]
    public async Task Rita_is_found_by_912_345_678_and_by_name_and_the_list_pages_through_everyone()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await Create($"rita-{suffix}", "Rita", "Gomes", "+351912345678");
        await Create($"rui-{suffix}", "Rui", "Santos", "+351913000111");
        await Create($"sara-{suffix}", "Sára", "Lopes", "+34612345679");

        Assert.Equal([$"rita-{suffix}"], await Contacts("q=912%20345%20678"));
        Assert.Equal([$"rita-{suffix}"], await Contacts("q=%2B351%20912-345-678"));
        Assert.Equal([$"rita-{suffix}"], await Contacts("q=rita%20gom"));
        Assert.Equal([$"rita-{suffix}", $"rui-{suffix}"], await Contacts("q=%2B351%209"));
        Assert.Empty(await Contacts("q=999%20999%20999"));

        var walked = new List<string>();
        string? after = null;
        do
        {
            using var page = JsonDocument.Parse(await _agent.GetStringAsync("/api/v1/directory/contacts?pageSize=1" + (after is null ? "" : $"&after={after}")));
            walked.AddRange(page.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contact").GetString()!));
            after = page.RootElement.GetProperty("next").GetString();
        } while (after is not null);
        Assert.Equal(walked.Order(StringComparer.Ordinal), walked);
        Assert.Subset(walked.ToHashSet(), new HashSet<string> { $"rita-{suffix}", $"rui-{suffix}", $"sara-{suffix}" });
    }

    [Fact]
    public async Task Adding_and_removing_one_number_keeps_the_others()
    {
        var contact = $"ana-{Guid.NewGuid():N}"[..12];
        await Create(contact, "Ana", "Silva", "+351912000001");

        var added = await _agent.PostAsJsonAsync($"/api/v1/directory/contacts/{contact}/phone-numbers", new { number = "913 000 002", label = "work", defaultRegion = "PT" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal(["+351912000001", "+351913000002"], await Numbers(contact));

        var again = await _agent.PostAsJsonAsync($"/api/v1/directory/contacts/{contact}/phone-numbers", new { number = "+351 913 000 002" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(["+351912000001", "+351913000002"], await Numbers(contact));

        var invalid = await _agent.PostAsJsonAsync($"/api/v1/directory/contacts/{contact}/phone-numbers", new { number = "+351 12" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _agent.DeleteAsync($"/api/v1/directory/contacts/{contact}/phone-numbers/%2B351912000001")).StatusCode);
        Assert.Equal(["+351913000002"], await Numbers(contact));
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.DeleteAsync($"/api/v1/directory/contacts/{contact}/phone-numbers/%2B351912000001")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _agent.PostAsJsonAsync("/api/v1/directory/contacts/nobody-here/phone-numbers", new { number = "+351912000001" })).StatusCode);
    }

    [Fact]
    public async Task Emails_are_added_found_and_removed_and_each_answer_carries_its_read_position()
    {
        var contact = $"eva-{Guid.NewGuid():N}"[..12];
        var created = await _agent.PostAsJsonAsync("/api/v1/directory/contacts",
            new { contact, firstName = "Eva", emails = new[] { "Eva.Mendes@Example.com" }, phoneNumbers = new[] { new { number = "+351912000003" } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.TryGetValues("X-Read-Position", out var positions));
        Assert.Equal(["eva.mendes@example.com"], await Emails(contact));

        var added = await _agent.PostAsJsonAsync($"/api/v1/directory/contacts/{contact}/emails", new { email = "eva@work.example.org" });
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var position = added.Headers.GetValues("X-Read-Position").Single();
        Assert.NotEqual(positions.Single(), position);
        // The answer is the entry as the read side holds it: a read at its position (or without) sees it.
        using (var page = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts?q=work.example&position={position}")))
            Assert.Equal([contact], page.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contact").GetString()!));
        Assert.Equal(["eva.mendes@example.com", "eva@work.example.org"], await Emails(contact));

        var invalid = await _agent.PostAsJsonAsync($"/api/v1/directory/contacts/{contact}/emails", new { email = "not an address" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _agent.PostAsJsonAsync("/api/v1/directory/contacts/nobody-here/emails", new { email = "a@example.com" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _agent.DeleteAsync($"/api/v1/directory/contacts/{contact}/emails/EVA.MENDES@example.com")).StatusCode);
        Assert.Equal(["eva@work.example.org"], await Emails(contact));
        Assert.Equal(HttpStatusCode.NotFound, (await _agent.DeleteAsync($"/api/v1/directory/contacts/{contact}/emails/eva.mendes@example.com")).StatusCode);

        var replaced = await _agent.PutAsJsonAsync($"/api/v1/directory/contacts/{contact}", new { emails = new[] { "eva@home.example.net" } });
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(["eva@home.example.net"], await Emails(contact));
        Assert.Equal(HttpStatusCode.BadRequest, (await _agent.GetAsync("/api/v1/directory/contacts?position=nonsense")).StatusCode);
    }

    [Fact]
    public async Task A_rejected_change_changes_nothing()
    {
        var contact = $"rui-{Guid.NewGuid():N}"[..12];
        await Create(contact, "Rui", "Santos", "+351912000004");
        var tooLong = await _agent.PutAsJsonAsync($"/api/v1/directory/contacts/{contact}", new { firstName = new string('x', 201), emails = new[] { "rui@example.com" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        using var details = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts/{contact}"));
        Assert.Equal("Rui", details.RootElement.GetProperty("profile").GetProperty("firstName").GetString());
        Assert.Empty(await Emails(contact));
    }

    [Theory]
    [InlineData("/api/v1/directory/contacts?pageSize=0", "'pageSize'")]
    [InlineData("/api/v1/directory/contacts?after=bm9wZQ", "'after'")]
    public async Task Bad_paging_input_is_a_problem(string url, string named)
    {
        var response = await _agent.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync());
    }

    private async Task Create(string contact, string firstName, string lastName, string number)
    {
        var created = await _agent.PostAsJsonAsync("/api/v1/directory/contacts", new { contact, firstName, lastName, phoneNumbers = new[] { new { number } } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    private async Task<List<string>> Numbers(string contact)
    {
        using var details = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts/{contact}"));
        return details.RootElement.GetProperty("profile").GetProperty("phoneNumbers").EnumerateArray().Select(p => p.GetProperty("number").GetString()!).ToList();
    }

    private async Task<List<string>> Emails(string contact)
    {
        using var details = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts/{contact}"));
        return details.RootElement.GetProperty("profile").TryGetProperty("emails", out var emails)
            ? emails.EnumerateArray().Select(e => e.GetString()!).ToList()
            : [];
    }

    private async Task<List<string>> Contacts(string query)
    {
        using var page = JsonDocument.Parse(await _agent.GetStringAsync($"/api/v1/directory/contacts?{query}"));
        return page.RootElement.GetProperty("contacts").EnumerateArray().Select(c => c.GetProperty("contact").GetString()!).ToList();
    }
}
