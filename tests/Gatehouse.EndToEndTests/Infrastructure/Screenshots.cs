using System.Text.RegularExpressions;

using Microsoft.Playwright;

namespace Gatehouse.EndToEndTests.Infrastructure;

/// <summary>
/// Screenshots for docs/screenshots/: what changes from run to run (the random port in the domain, generated ids,
/// secrets, tokens, one-time links, log times) is masked, animations and the caret are off, so a re-run writes the
/// same bytes for a page that did not change.
/// </summary>
public static partial class Screenshots
{
    /// <summary>Elements whose text differs on every run.</summary>
    private const string Volatile =
        "#org-domain, #app-domain, #issuer, #client-id, #client-secret, #token-value, #user-id, #set-password-link, #reset-link, #events tbody";

    public static async Task TakeAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(Repository.Root, "docs", "screenshots", name + ".png"),
            Type = ScreenshotType.Png,
            Animations = ScreenshotAnimations.Disabled,
            Caret = ScreenshotCaret.Hide,
            // Any other code element showing the origin (the metadata URI, the reset page's address…).
            Mask = [page.Locator(Volatile), page.Locator("code").Filter(new() { HasTextRegex = LocalOrigin() })],
            MaskColor = "#d1d5db",
        });
    }

    [GeneratedRegex(@"localhost:\d+", RegexOptions.None, 1000)]
    private static partial Regex LocalOrigin();
}
