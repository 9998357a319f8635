using InteractionEngine.Channels.Contacts;
using InteractionEngine.Domain.Conversations;
using InteractionEngine.Host.Http;
using InteractionEngine.Host.Security;
using InteractionEngine.Projections.Directory;
using InteractionEngine.Projections.Queries;
using InteractionEngine.Projections.ReadModels;
using InteractionEngine.Projections.ReadYourWrites;
using Microsoft.AspNetCore.Http.HttpResults;

namespace InteractionEngine.Host.Contacts;

public sealed record ContactPhoneRequest(string? Number, string? Label);

public sealed record AddPhoneNumberRequest(string? Number, string? Label, string? DefaultRegion);

public sealed record ContactProfileRequest(string? Contact, string? FirstName, string? LastName, IReadOnlyList<ContactPhoneRequest>? PhoneNumbers, string? DefaultRegion);

/// <summary>A contact's details: the directory entry, the current conversation, and every interaction's KPIs.</summary>
public sealed record ContactDetails(ContactProfile? Profile, ContactSummary? Conversation, IReadOnlyList<InteractionKpi> Interactions);

/// <summary>The contact directory: names and phone numbers (validated, stored in E.164), and a contact's details with its history.</summary>
public static class ContactDirectoryEndpoints
{
    public static void MapContactDirectory(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/v1/directory/contacts").WithTags("Contact directory");
        directory.MapPost("/", Create).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Create a contact with names and phone numbers");
        directory.MapPut("/{contact}", Update).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Add or update a contact's names and phone numbers");
        directory.MapPost("/{contact}/phone-numbers", AddNumber).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Add one phone number to a contact, keeping the others");
        directory.MapDelete("/{contact}/phone-numbers/{number}", RemoveNumber).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Remove one phone number (written in any format) from a contact, keeping the others");
        directory.MapGet("/", List).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status400BadRequest)
            .WithSummary("List the directory by contact id, or search it by name, id or phone number in any format; paged by cursor");
        directory.MapGet("/{contact}", Details).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status404NotFound)
            .WaitsForReadPosition(ReadSideScope.WithAsync) // its interaction history is the async KPIs
            .WithSummary("A contact's details, current conversation state and interaction history");
    }

    private static async Task<Results<Created<ContactProfile>, ProblemHttpResult>> Create(
        ContactProfileRequest body, ContactDirectory contacts, HttpContext http)
    {
        if (body.Contact is not { } contact || !ConversationId.IsValidPart(contact))
            return ReplyResults.Invalid("'contact' is required: 1-128 characters of letters, digits and . _ - + @");
        var edit = await DirectoryEdits.CreateAsync(contacts, new ConversationId(Caller.From(http.User).Tenant, contact), body.FirstName, body.LastName,
            Numbers(body) ?? [], body.DefaultRegion, http.RequestAborted);
        return edit.Profile is { } profile ? TypedResults.Created($"/api/v1/directory/contacts/{contact}", profile) : Refused(edit);
    }

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> Update(
        ContactConversation conversation, ContactProfileRequest body, ContactDirectory contacts, CancellationToken ct) =>
        Answer(await DirectoryEdits.UpdateAsync(contacts, conversation.Id, body.FirstName, body.LastName, Numbers(body), body.DefaultRegion, ct));

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> AddNumber(
        ContactConversation conversation, AddPhoneNumberRequest body, ContactDirectory contacts, CancellationToken ct) =>
        Answer(await DirectoryEdits.AddNumberAsync(contacts, conversation.Id, body.Number, body.Label, body.DefaultRegion, ct));

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> RemoveNumber(
        ContactConversation conversation, string number, string? defaultRegion, ContactDirectory contacts, CancellationToken ct) =>
        Answer(await DirectoryEdits.RemoveNumberAsync(contacts, conversation.Id, number, defaultRegion, ct));

    private static async Task<Results<Ok<DirectoryPage>, ProblemHttpResult>> List(
        string? q, int? pageSize, string? after, ContactDirectory contacts, HttpContext http)
    {
        if (pageSize is < 1 or > ContactDirectory.MaxPageSize) return ReplyResults.Invalid($"'pageSize' must be between 1 and {ContactDirectory.MaxPageSize}");
        var tenant = Caller.From(http.User).Tenant;
        string? afterId = null;
        if (after is not null && (afterId = DirectoryCursorText.TryParse(after, tenant)) is null)
            return ReplyResults.Invalid("'after' is not a cursor from a previous page");
        return TypedResults.Ok(await contacts.ListAsync(tenant, q, pageSize ?? 50, afterId, http.RequestAborted));
    }

    private static async Task<Results<Ok<ContactDetails>, ProblemHttpResult>> Details(
        ContactConversation conversation, ContactDirectory contacts, ConversationQueries queries, CancellationToken ct)
    {
        var profile = await contacts.FindAsync(conversation.Id, ct);
        var summary = await queries.ContactAsync(conversation.Tenant, conversation.Contact, ct);
        if (profile is null && summary is null) return UnknownContact(conversation);
        var interactions = await queries.InteractionKpisOfAsync(conversation.Tenant, conversation.Contact, summary?.Interaction ?? 0, ct);
        return TypedResults.Ok(new ContactDetails(profile, summary, interactions));
    }

    private static IReadOnlyList<(string? Number, string? Label)>? Numbers(ContactProfileRequest body) =>
        body.PhoneNumbers?.Select(p => (p.Number, p.Label)).ToList();

    private static Results<Ok<ContactProfile>, ProblemHttpResult> Answer(DirectoryEdit edit) =>
        edit.Profile is { } profile ? TypedResults.Ok(profile) : Refused(edit);

    private static ProblemHttpResult Refused(DirectoryEdit edit) => edit.Refusal switch
    {
        DirectoryRefusal.Exists => ReplyResults.Problem(StatusCodes.Status409Conflict, "The contact exists", edit.Detail),
        DirectoryRefusal.UnknownContact => ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", edit.Detail),
        DirectoryRefusal.UnknownNumber => ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown phone number", edit.Detail),
        _ => ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Invalid contact", edit.Detail),
    };

    private static ProblemHttpResult UnknownContact(ContactConversation conversation) =>
        ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"'{conversation.Contact}' is not in this tenant's directory");
}
