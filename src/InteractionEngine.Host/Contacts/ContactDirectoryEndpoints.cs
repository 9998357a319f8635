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

public sealed record AddEmailRequest(string? Email);

/// <param name="Emails">When given, the contact's whole list of e-mail addresses (on PUT it replaces the stored one).</param>
public sealed record ContactProfileRequest(string? Contact, string? FirstName, string? LastName, IReadOnlyList<ContactPhoneRequest>? PhoneNumbers, string? DefaultRegion,
    IReadOnlyList<string>? Emails = null);

/// <summary>A contact's details: the directory entry, the current conversation, and every interaction's KPIs.</summary>
public sealed record ContactDetails(ContactProfile? Profile, ContactSummary? Conversation, IReadOnlyList<InteractionKpi> Interactions);

/// <summary>
/// The contact directory: names, phone numbers (validated, stored in E.164) and e-mail addresses, and a contact's details
/// with its history. Every change is an event of the contact's conversation (docs/lifecycle.md, "Directory").
/// </summary>
public static class ContactDirectoryEndpoints
{
    public static void MapContactDirectory(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/v1/directory/contacts").WithTags("Contact directory");
        directory.MapPost("/", Create).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Create a contact with names, phone numbers and e-mail addresses");
        directory.MapPut("/{contact}", Update).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Update a contact's names, phone numbers and e-mail addresses");
        directory.MapPost("/{contact}/phone-numbers", AddNumber).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Add one phone number to a contact, keeping the others");
        directory.MapDelete("/{contact}/phone-numbers/{number}", RemoveNumber).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Remove one phone number (written in any format) from a contact, keeping the others");
        directory.MapPost("/{contact}/emails", AddEmail).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Add one e-mail address to a contact, keeping the others");
        directory.MapDelete("/{contact}/emails/{email}", RemoveEmail).RequireApiKey(Policies.Act)
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Remove one e-mail address (any case) from a contact, keeping the others");
        directory.MapGet("/", List).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status400BadRequest)
            .WaitsForReadPosition()
            .WithSummary("List the directory by contact id, or search it by name, id, e-mail or phone number in any format; paged by cursor");
        directory.MapGet("/{contact}", Details).RequireApiKey(Policies.Read).ProducesProblems(StatusCodes.Status404NotFound)
            .WaitsForReadPosition(ReadSideScope.WithAsync) // its interaction history is the async KPIs
            .WithSummary("A contact's details, current conversation state and interaction history");
    }

    private static async Task<Results<Created<ContactProfile>, ProblemHttpResult>> Create(
        ContactProfileRequest body, DirectoryCommandSender send, HttpContext http)
    {
        if (body.Contact is not { } contact || !ConversationId.IsValidPart(contact))
            return ReplyResults.Invalid("'contact' is required: 1-128 characters of letters, digits and . _ - + @");
        var (phones, problem) = Normalize(body.PhoneNumbers ?? [], body.DefaultRegion);
        if (problem is not null) return problem;
        var id = new ConversationId(Caller.From(http.User).Tenant, contact);
        var answer = await send.SendAsync(http, id, (by, now) => new EnterContact(id, body.FirstName, body.LastName, phones!, body.Emails, by, now));
        return answer.Profile is { } profile ? TypedResults.Created($"/api/v1/directory/contacts/{contact}", profile) : answer.Problem!;
    }

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> Update(
        ContactConversation conversation, ContactProfileRequest body, DirectoryCommandSender send, HttpContext http)
    {
        IReadOnlyList<ContactPhone>? phones = null;
        if (body.PhoneNumbers is { } requested)
        {
            var normalized = Normalize(requested, body.DefaultRegion);
            if (normalized.Problem is { } problem) return problem;
            phones = normalized.Phones;
        }
        return Answer(await send.SendAsync(http, conversation.Id, (by, now) =>
            new UpdateContact(conversation.Id, body.FirstName, body.LastName, phones, body.Emails, by, now)));
    }

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> AddNumber(
        ContactConversation conversation, AddPhoneNumberRequest body, DirectoryCommandSender send, HttpContext http)
    {
        if (!ContactPhoneNumbers.TryNormalizeE164(body.Number, body.DefaultRegion, out var e164, out var error)) return InvalidContact(error);
        return Answer(await send.SendAsync(http, conversation.Id, (by, now) => new AddContactPhoneNumber(conversation.Id, e164, body.Label, by, now)));
    }

    /// <summary>The number written in any format (read as a national number of <paramref name="defaultRegion"/> without a +).</summary>
    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> RemoveNumber(
        ContactConversation conversation, string number, string? defaultRegion, DirectoryCommandSender send, HttpContext http)
    {
        if (!ContactPhoneNumbers.TryNormalizeE164(number, defaultRegion, out var e164, out var error)) return InvalidContact(error);
        return Answer(await send.SendAsync(http, conversation.Id, (by, now) => new RemoveContactPhoneNumber(conversation.Id, e164, by, now)));
    }

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> AddEmail(
        ContactConversation conversation, AddEmailRequest body, DirectoryCommandSender send, HttpContext http) =>
        Answer(await send.SendAsync(http, conversation.Id, (by, now) => new AddContactEmail(conversation.Id, body.Email ?? "", by, now)));

    private static async Task<Results<Ok<ContactProfile>, ProblemHttpResult>> RemoveEmail(
        ContactConversation conversation, string email, DirectoryCommandSender send, HttpContext http) =>
        Answer(await send.SendAsync(http, conversation.Id, (by, now) => new RemoveContactEmail(conversation.Id, email, by, now)));

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

    /// <summary>
    /// What a person typed, in E.164 (libphonenumber lives at the edge; the conversation checks the shape and the limits):
    /// the numbers, or the 422 naming the first one that is not a number.
    /// </summary>
    private static (IReadOnlyList<ContactPhone>? Phones, ProblemHttpResult? Problem) Normalize(IReadOnlyList<ContactPhoneRequest> requested, string? defaultRegion)
    {
        var phones = new List<ContactPhone>(requested.Count);
        foreach (var phone in requested)
        {
            if (!ContactPhoneNumbers.TryNormalizeE164(phone.Number, defaultRegion, out var e164, out var error)) return (null, InvalidContact(error));
            phones.Add(new ContactPhone(e164, phone.Label));
        }
        return (phones, null);
    }

    private static Results<Ok<ContactProfile>, ProblemHttpResult> Answer(DirectoryAnswer answer) =>
        answer.Profile is { } profile ? TypedResults.Ok(profile) : answer.Problem!;

    private static ProblemHttpResult InvalidContact(string? detail) =>
        ReplyResults.Problem(StatusCodes.Status422UnprocessableEntity, "Invalid contact", detail);

    private static ProblemHttpResult UnknownContact(ContactConversation conversation) =>
        ReplyResults.Problem(StatusCodes.Status404NotFound, "Unknown contact", $"'{conversation.Contact}' is not in this tenant's directory");
}
