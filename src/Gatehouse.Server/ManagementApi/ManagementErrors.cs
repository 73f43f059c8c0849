using Gatehouse.Server.Hosting.Errors;

using Microsoft.AspNetCore.Http.HttpResults;

namespace Gatehouse.Server.ManagementApi;

/// <summary>The management API's errors with Okta's codes and summaries (okta-reference.md §3).</summary>
internal static class ManagementErrors
{
    public static IResult InvalidToken() =>
        Error(StatusCodes.Status401Unauthorized, "E0000011", "Invalid token provided");

    public static IResult Forbidden() =>
        Error(StatusCodes.Status403Forbidden, "E0000006", "You do not have permission to perform the requested action");

    public static IResult BadJson() =>
        Error(StatusCodes.Status400BadRequest, "E0000003", "The request body was not well-formed.");

    /// <summary>E0000001, one cause per invalid field: <c>"{field}: {message}"</c>.</summary>
    public static IResult Validation(string summary, params IEnumerable<string> causes) =>
        Error(StatusCodes.Status400BadRequest, "E0000001", "Api validation failed: " + summary, causes);

    /// <summary>E0000007, naming the id and the kind of object as Okta does (<c>… (UserGroup)</c>).</summary>
    public static IResult NotFound(string id, string resource) =>
        Error(StatusCodes.Status404NotFound, "E0000007", $"Not found: Resource not found: {id} ({resource})");

    public static IResult InvalidSearch() =>
        Error(StatusCodes.Status400BadRequest, "E0000031", "Invalid search criteria.");

    /// <summary>Any Okta error: status, code and summary.</summary>
    public static JsonHttpResult<OktaError> Error(int status, string code, string summary, params IEnumerable<string> causes) =>
        TypedResults.Json(OktaError.Create(code, summary, causes), ManagementJson.Options, statusCode: status);
}
