using Microsoft.Playwright;

namespace Landfall.BrowserTests;

/// <summary>
/// Debian's chromium driven by Playwright (its own browser download is impossible here): one browser per test class.
/// A missing browser is a failure that says how to install it, never a skip.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    /// <summary>The browser: $LANDFALL_CHROMIUM, else Debian's /usr/bin/chromium.</summary>
    public static string ExecutablePath { get; } = Environment.GetEnvironmentVariable("LANDFALL_CHROMIUM") ?? "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"{ExecutablePath} is missing: the browser tests need Debian's chromium. Install it with scripts/install-chromium.sh " +
                "(test.sh runs it), or point LANDFALL_CHROMIUM at a Chromium.");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}
