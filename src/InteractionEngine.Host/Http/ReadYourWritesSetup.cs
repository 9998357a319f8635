using InteractionEngine.Projections.ReadYourWrites;

namespace InteractionEngine.Host.Http;

/// <summary>Marks an endpoint that accepts read positions (for the OpenAPI document).</summary>
public sealed class ReadPositionFilterMarker
{
    public static readonly ReadPositionFilterMarker Instance = new();
}

public static class ReadYourWritesSetup
{
    /// <summary>
    /// The endpoints (or every endpoint of a group) accept read positions and answer only once the read side holds them:
    /// one line per read endpoint. <paramref name="scope"/> <see cref="ReadSideScope.WithAsync"/> for reads of async read models (KPIs).
    /// </summary>
    public static TBuilder WaitsForReadPosition<TBuilder>(this TBuilder builder, ReadSideScope scope = ReadSideScope.Inline) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(new ReadPositionFilter(scope));
        return builder.WithMetadata(ReadPositionFilterMarker.Instance).ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status503ServiceUnavailable);
    }
}
