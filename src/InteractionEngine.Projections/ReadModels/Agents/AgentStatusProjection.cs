using InteractionEngine.Domain.Agents;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Projections.Pipeline;

namespace InteractionEngine.Projections.ReadModels;

/// <summary>Agent state documents, one per agent stream; conversation events pass by.</summary>
public sealed class AgentStatusProjection : ConversationDocumentProjection<AgentStatus>
{
    public const string ProjectionName = "AgentStatus";

    private protected override BulkDocumentUpsert<AgentStatus> Writer => AgentStatusTable.Definition.Writer;

    protected override string? DocumentIdOf(string stream, IConversationEvent e) => e is IAgentEvent ? stream : null;

    protected override AgentStatus? Evolve(AgentStatus? snapshot, string id, IConversationEvent e) => e switch
    {
        AgentStateChanged s => (snapshot ?? New(id, s.Agent)) with
        {
            State = s.State,
            Reason = s.Reason,
            ReasonLabel = s.ReasonLabel,
            Since = s.At,
            ChangedBy = s.ChangedBy,
        },
        AgentCapacitySet c => (snapshot ?? New(id, c.Agent)) with { ChatCapacity = c.Chat, OpenMediaCapacity = c.OpenMedia },
        _ => snapshot,
    };

    private static AgentStatus New(string id, AgentKey agent) =>
        new() { Id = id, Tenant = agent.Tenant, AgentId = agent.Agent, State = AgentPresence.Offline };
}
