namespace InteractionEngine.Projections.ReadModels;

/// <summary>Interactions an agent marked Done in a period, and their averages.</summary>
public sealed record AgentKpis(
    string AgentId,
    int Interactions,
    TimeSpan? AverageHandleTime,
    TimeSpan? AverageFirstResponse,
    TimeSpan AverageTimeInSession,
    int InboundMessages,
    int OutboundMessages);
