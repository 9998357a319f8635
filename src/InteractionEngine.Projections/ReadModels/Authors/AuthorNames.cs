using InteractionEngine.Domain.Conversations;
using Marten;
using static InteractionEngine.Projections.ReadModels.ReadModelSql;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>
/// Puts display names on authors as a query answers: contacts by their directory name, else their channel profile name,
/// else their id (<see cref="ContactDisplayNames"/>); agents by the <see cref="AgentRoster"/>, else their id. Names are
/// never stored, so the projections stay functions of the events and a rename needs no rebuild.
/// </summary>
internal sealed class AuthorNames(ReadModelSql sql, AgentRoster agents)
{
    /// <summary>The display names of a tenant's contacts, by contact id (contacts without a conversation are left out).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ContactNamesAsync(string tenant, IEnumerable<string> contacts, CancellationToken ct)
    {
        var ids = contacts.Where(ConversationId.IsValidPart).Distinct().Select(c => Conversation(tenant, c).Value).ToArray();
        if (ids.Length == 0) return new Dictionary<string, string>();
        await using var session = sql.Store.QuerySession();
        var summaries = await session.LoadManyAsync<ContactSummary>(ct, ids);
        var profiles = (await session.LoadManyAsync<Directory.ContactProfile>(ct, ids)).ToDictionary(p => p.Id);
        return summaries.ToDictionary(s => s.Contact, s => profiles.GetValueOrDefault(s.Id) is var p
            ? ContactDisplayNames.Of(p?.FirstName, p?.LastName, s.ProfileName, s.Contact)
            : s.Contact);
    }

    public Author Name(string tenant, Author author, IReadOnlyDictionary<string, string> contacts) => author switch
    {
        { Party: Party.Contact, Id: { } id } => author with { Name = contacts.GetValueOrDefault(id, id) },
        { Party: Party.Agent, Id: { } id } => author with { Name = AgentName(tenant, id) },
        _ => author,
    };

    public string AgentName(string tenant, string agentId) => agents.NameOf(tenant, agentId) ?? agentId;

    public async Task<TranscriptPage> NameAsync(string tenant, string contact, TranscriptPage page, CancellationToken ct)
    {
        if (page.Lines.Count == 0) return page;
        var contacts = await ContactNamesAsync(tenant, [contact], ct);
        return page with { Lines = page.Lines.Select(l => l with { Author = Name(tenant, l.Author, contacts) }).ToList() };
    }

    public async Task<IReadOnlyList<SearchHit>> NameAsync(string tenant, IReadOnlyList<SearchHit> hits, CancellationToken ct)
    {
        if (hits.Count == 0) return hits;
        var contacts = await ContactNamesAsync(tenant, hits.Select(h => h.Line.Contact), ct);
        return hits.Select(h => h with { Line = h.Line with { Author = Name(tenant, h.Line.Author, contacts) } }).ToList();
    }

    /// <summary>A contact list row: its last message's author and its current agent, named (the contact's own name is already on it).</summary>
    public ContactSummary Name(ContactSummary summary)
    {
        var contacts = new Dictionary<string, string> { [summary.Contact] = summary.DisplayName ?? summary.Contact };
        return summary with
        {
            LastMessage = summary.LastMessage is { } last ? last with { Author = Name(summary.Tenant, last.Author, contacts) } : null,
            AgentName = summary.AgentId is { } agent ? AgentName(summary.Tenant, agent) : null,
        };
    }
}
