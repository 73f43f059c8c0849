using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Gatehouse.Bench.LoadDriver;

/// <summary>
/// Fills any provider's hosted login page as a browser user would, knowing nothing of its field names: the form
/// that holds a password input; every named input keeps its value (hidden CSRF tokens, return URLs); the first
/// text or email input gets the username and the password input the password.
/// </summary>
internal static class LoginForm
{
    // AngleSharp does not promise that one parser is safe to share between threads.
    private static readonly ThreadLocal<HtmlParser> Parser = new(() => new HtmlParser());

    public static HttpRequestMessage Fill(string html, Uri pageUrl, string username, string password)
    {
        using var document = Parser.Value!.ParseDocument(html);
        var form = document.Forms.FirstOrDefault(candidate => candidate.QuerySelector("input[type=password]") is not null)
            ?? throw new FlowException($"No login form on {pageUrl.GetLeftPart(UriPartial.Path)}.");
        var fields = new List<KeyValuePair<string, string>>();
        var usernameSet = false;
        foreach (var input in form.Elements.OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name))
            {
                continue;
            }

            var type = input.Type.ToUpperInvariant();
            var value = type switch
            {
                "PASSWORD" => password,
                "TEXT" or "EMAIL" when !usernameSet => username,
                "SUBMIT" or "BUTTON" or "IMAGE" or "RESET" => null,
                "CHECKBOX" or "RADIO" => input.IsChecked ? input.Value : null,
                _ => input.Value,
            };
            usernameSet |= type is "TEXT" or "EMAIL";
            if (value is not null)
            {
                fields.Add(new(input.Name, value));
            }
        }

        if (!usernameSet)
        {
            throw new FlowException($"No username field in the login form on {pageUrl.GetLeftPart(UriPartial.Path)}.");
        }

        // The form's action, resolved against the page's own URL (an empty action posts to the page itself).
        var action = form.GetAttribute("action") is { Length: > 0 } target ? new Uri(pageUrl, target) : pageUrl;
        return new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(fields) };
    }
}
