using Microsoft.AspNetCore.Mvc;

namespace InteractionEngine.Host.Http;

public static class ProblemResponses
{
    private static readonly string[] ProblemJson = ["application/problem+json"];

    /// <summary>Declares the ProblemDetails answers an endpoint (or every endpoint of a group) can give, for the OpenAPI document.</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses) builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ProblemJson));
        return builder;
    }
}
