using Gatehouse.Core.Users;
using Gatehouse.Server.Identity;
using Gatehouse.Server.ManagementApi.Paging;

using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Gatehouse.Server.Areas.Admin.Pages.Users;

/// <summary>
/// People: the directory's users, searched as <c>GET /api/v1/users</c> does (<c>q</c>: a prefix of login, email or
/// name; <c>search</c>: the API's expression), a page of <see cref="PageSize"/> at a time after the last id shown.
/// </summary>
internal sealed class IndexModel(UserDirectory directory) : AdminPageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "search")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    /// <summary>The login of a person just deleted (after the confirm page).</summary>
    [BindProperty(SupportsGet = true, Name = "deleted")]
    public string? Deleted { get; set; }

    public List<GatehouseUser> Users { get; private set; } = [];

    /// <summary>The cursor of the next page, when there is one.</summary>
    public string? Next { get; private set; }

    public async Task OnGetAsync()
    {
        if (directory.Query(Q?.Trim() ?? string.Empty, Search?.Trim() ?? string.Empty) is not { } query)
        {
            Errors.Add("search: Invalid search criteria. Use the API's syntax, e.g. profile.lastName eq \"Anders\" or status eq \"ACTIVE\".");
            return;
        }

        // The API's cursor: ordered by id, after the last id shown.
        var page = new PageRequest(PageSize, string.IsNullOrEmpty(After) ? null : After);
        var fetched = await page.Apply(query, user => user.Id).ToListAsync(HttpContext.RequestAborted);
        if (fetched.Count > PageSize)
        {
            fetched.RemoveAt(PageSize);
            Next = fetched[^1].Id;
        }

        Users = fetched;
    }

    public string NextLink() =>
        "/admin/users?" + string.Join('&', new[] { ("q", Q), ("search", Search), ("after", Next) }
            .Where(pair => !string.IsNullOrEmpty(pair.Item2)).Select(pair => pair.Item1 + "=" + Uri.EscapeDataString(pair.Item2!)));
}
