namespace Gatehouse.Server.Areas.Admin.Pages.Apps;

/// <summary>The wizard's application types (Okta's <c>application_type</c>), with what the guide says about each.</summary>
public sealed record AppType(string Value, string Name, string Description, string DefaultRedirectUri, string DefaultSignOutUri)
{
    public static IReadOnlyList<AppType> All { get; } =
    [
        new("web", "Web Application",
            "Server-side apps (ASP.NET Core, Express, Spring) where the code and the client secret stay on a server you control.",
            "http://localhost:8080/authorization-code/callback", "http://localhost:8080"),
        new("browser", "Single-Page Application",
            "Apps that run in the browser (React, Angular, Vue): they cannot keep a secret, so they use PKCE instead.",
            "http://localhost:8080/login/callback", "http://localhost:8080"),
        new("native", "Native Application",
            "Desktop and mobile apps: public clients with PKCE, redirecting to a custom scheme or a loopback address.",
            "com.example.app:/callback", "com.example.app:/"),
        new("service", "API Services",
            "Machine-to-machine: no user signs in; the app gets tokens for itself with the client credentials grant.",
            string.Empty, string.Empty),
    ];

    public static AppType? Find(string? value) => All.FirstOrDefault(type => type.Value == value);

    /// <summary>Why the choice matters, shown on the wizard's first step.</summary>
    public const string WhyItMatters =
        "The type decides how the app proves who it is and which flows it may use: web and service apps get a client " +
        "secret, single-page and native apps cannot keep one and must use PKCE, and only apps that sign users in have " +
        "redirect URIs. It cannot be changed later.";
}
