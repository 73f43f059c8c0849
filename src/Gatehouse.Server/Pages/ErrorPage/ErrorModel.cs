using System.Diagnostics;

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Gatehouse.Server.Pages.ErrorPage;

/// <summary>The page for unhandled errors and bare status codes: a request id for the logs, never a stack trace.</summary>
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Message { get; private set; } = "The request could not be completed.";

    public string? RequestId { get; private set; }

    public void OnGet(int? status) => Describe(status);

    public void OnPost(int? status) => Describe(status);

    private void Describe(int? status)
    {
        RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier;
        (Title, Message) = status switch
        {
            404 => ("Not found", "There is nothing at this address."),
            400 => ("Bad request", "The request was not valid."),
            405 => ("Method not allowed", "This address does not accept that method."),
            429 => ("Too many requests", "Too many attempts in a short time. Wait a minute, then try again."),
            >= 400 and < 500 => ("Request refused", "The request was refused."),
            _ => (Title, Message),
        };
        if (status is >= 400 and < 600)
        {
            Response.StatusCode = status.Value;
        }
    }
}
