using InteractionEngine.Projections.ReadModels;
using Marten;

namespace InteractionEngine.Projections.Queries;

/// <summary>
/// The read side's queries for the HTTP API and the CLI, in one service. Each read model's queries live in its folder
/// (ReadModels/Transcripts, Contacts, Kpis); this only forwards to them. Every query takes the tenant and reads only
/// that tenant's documents.
/// </summary>
public sealed class ConversationQueries
{
    public const int MaxPageSize = ReadModelSql.MaxPageSize;
    public const int MaxSearchResults = TranscriptSearch.MaxSearchResults;
    public const int MaxChannelStateContacts = ChannelStateQueries.MaxChannelStateContacts;

    private readonly TranscriptQueries _transcripts;
    private readonly TranscriptSearch _search;
    private readonly ContactQueries _contacts;
    private readonly KpiQueries _kpis;
    private readonly ChannelStateQueries _channelStates;
    private readonly AuthorNames _names;

    /// <param name="searchLanguages">Each tenant's search language: the one the store's transcript projection indexes in.</param>
    /// <param name="agents">Agents' display names (Tenants:{id}:Agents:{agentId}:DisplayName); null: agents shown by id.</param>
    public ConversationQueries(IDocumentStore store, SearchLanguages? searchLanguages = null, AgentRoster? agents = null)
    {
        var sql = new ReadModelSql(store);
        _names = new AuthorNames(sql, agents ?? AgentRoster.Empty);
        (_transcripts, _contacts, _kpis, _channelStates) = (new(sql), new(sql), new(sql), new(sql));
        _search = new TranscriptSearch(sql, searchLanguages ?? SearchLanguages.Default);
    }

    // Lines, hits and rows answer with their authors named (AuthorNames): names are read now, never stored.
    public async Task<TranscriptPage> TranscriptAsync(string tenant, string contact, TranscriptRequest? request = null, CancellationToken ct = default) =>
        await _names.NameAsync(tenant, contact, await _transcripts.TranscriptAsync(tenant, contact, request, ct), ct);

    public async Task<TranscriptPage> TranscriptAsOfAsync(string tenant, string contact, DateTimeOffset asOf, TranscriptRequest? request = null,
        CancellationToken ct = default) => await _names.NameAsync(tenant, contact, await _transcripts.TranscriptAsOfAsync(tenant, contact, asOf, request, ct), ct);

    public async Task<IReadOnlyList<SearchHit>> SearchContactAsync(string tenant, string contact, string text, int limit = 20, CancellationToken ct = default) =>
        await _names.NameAsync(tenant, await _search.SearchContactAsync(tenant, contact, text, limit, ct), ct);

    public async Task<IReadOnlyList<SearchHit>> SearchTenantAsync(string tenant, string text, int limit = 20, CancellationToken ct = default) =>
        await _names.NameAsync(tenant, await _search.SearchTenantAsync(tenant, text, limit, ct), ct);

    public async Task<SearchPage> SearchAsync(string tenant, SearchRequest request, CancellationToken ct = default)
    {
        var page = await _search.SearchAsync(tenant, request, ct);
        return page with { Hits = await _names.NameAsync(tenant, page.Hits, ct) };
    }

    public async Task<ContactSummary?> ContactAsync(string tenant, string contact, CancellationToken ct = default) =>
        await _contacts.ContactAsync(tenant, contact, ct) is { } summary ? _names.Name(summary) : null;

    public async Task<ContactPage> ContactsAsync(string tenant, ContactListRequest? request = null, CancellationToken ct = default)
    {
        var page = await _contacts.ContactsAsync(tenant, request, ct);
        return page with { Contacts = page.Contacts.Select(_names.Name).ToList() };
    }

    public Task<UnreadTotals> UnreadTotalsAsync(string tenant, CancellationToken ct = default) => _contacts.UnreadTotalsAsync(tenant, ct);

    public Task<AgentUnread> UnreadForAgentAsync(string tenant, string agentId, CancellationToken ct = default) =>
        _contacts.UnreadForAgentAsync(tenant, agentId, ct);

    public Task<Workload> WorkloadAsync(string tenant, CancellationToken ct = default) => _contacts.WorkloadAsync(tenant, ct);

    public Task<InteractionKpi?> InteractionKpiAsync(string tenant, string contact, int interaction, CancellationToken ct = default) =>
        _kpis.InteractionKpiAsync(tenant, contact, interaction, ct);

    public Task<IReadOnlyList<InteractionKpi>> InteractionKpisOfAsync(string tenant, string contact, int interactions, CancellationToken ct = default) =>
        _kpis.InteractionKpisOfAsync(tenant, contact, interactions, ct);

    public Task<IReadOnlyList<InteractionKpi>> InteractionKpisAsync(string tenant, DateTimeOffset from, DateTimeOffset to, string? agentId = null,
        CancellationToken ct = default) => _kpis.InteractionKpisAsync(tenant, from, to, agentId, ct);

    public Task<IReadOnlyList<AgentKpis>> AgentKpisAsync(string tenant, DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default) =>
        _kpis.AgentKpisAsync(tenant, from, to, ct);

    public Task<IReadOnlyList<ContactChannelState>> ChannelStatesAsync(string tenant, IReadOnlyCollection<string> contacts, CancellationToken ct = default) =>
        _channelStates.ChannelStatesAsync(tenant, contacts, ct);
}
