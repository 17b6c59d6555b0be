using System.Globalization;
using Landfall.Progress;
using Spectre.Console;

namespace Landfall.Cli.Output;

/// <summary>
/// The live view of <c>landfall run</c> in a terminal: a line per (date, source, entity) with objects or rows done out of
/// the total where the source knows it, bytes, throughput and elapsed time. Drawn on stderr so stdout stays the result.
/// </summary>
internal static class LiveProgress
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(150);

    /// <summary>Whether <c>run</c> shows live progress: asked for, or auto in a terminal without JSON on either stream.</summary>
    public static bool Wanted(string mode, CliConsole console, bool json, bool jsonLogs)
    {
        if (mode == "always" && jsonLogs)
        {
            throw new UsageException("--progress always cannot be combined with --log-format json: stderr carries the JSON log lines.");
        }
        return mode switch
        {
            "always" => true,
            "never" => false,
            _ => console.IsTerminal && !json && !jsonLogs,
        };
    }

    /// <summary>A console for <paramref name="writer"/> that draws with ANSI codes (the caller decided it is wanted).</summary>
    public static IAnsiConsole ConsoleFor(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.Yes,
    });

    /// <summary>Runs <paramref name="work"/> while drawing <paramref name="progress"/> on <paramref name="console"/>.</summary>
    public static Task<T> ShowAsync<T>(IAnsiConsole console, RunProgress progress, Func<Task<T>> work)
    {
        var display = console.Progress();
        display.RefreshRate = Refresh;
        return display
            .AutoRefresh(true)
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new SpinnerColumn(),
                new TaskDescriptionColumn { Alignment = Justify.Left },
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<EntityProgress, ProgressTask>();
                var running = work();
                while (!running.IsCompleted)
                {
                    Sync(context, tasks, progress);
                    await Task.WhenAny(running, Task.Delay(Refresh)).ConfigureAwait(false);
                }
                Sync(context, tasks, progress);
                return await running.ConfigureAwait(false);
            });
    }

    private static void Sync(ProgressContext context, Dictionary<EntityProgress, ProgressTask> tasks, RunProgress progress)
    {
        foreach (var entity in progress.Snapshot())
        {
            if (!tasks.TryGetValue(entity, out var task))
            {
                task = context.AddTask(Describe(entity), autoStart: true);
                tasks[entity] = task;
            }
            Update(task, entity);
        }
    }

    private static void Update(ProgressTask task, EntityProgress entity)
    {
        // The bar follows bytes when the source listed them, else rows when it counted them; otherwise it only spins.
        var (done, total) = entity.BytesTotal is { } bytes ? (entity.Bytes, bytes)
            : entity.RowsTotal is { } rows ? (entity.Rows, rows)
            : (entity.Bytes, (long?)null);
        task.IsIndeterminate = total is null && entity.State == EntityProgressState.Running;
        task.MaxValue = Math.Max(1, total ?? Math.Max(done, 1));
        task.Value = Math.Min(done, (long)task.MaxValue);
        task.Description = Describe(entity);
        if (entity.State != EntityProgressState.Running && !task.IsFinished)
        {
            if (entity.State == EntityProgressState.Succeeded)
            {
                task.Value = task.MaxValue;
            }
            task.StopTask();
        }
    }

    internal static string Describe(EntityProgress entity)
    {
        var counts = new List<string>();
        if (entity.ObjectsTotal is { } objectsTotal)
        {
            counts.Add($"{Count(entity.Objects)}/{Count(objectsTotal)} objects");
        }
        else if (entity.Objects > 0)
        {
            counts.Add($"{Count(entity.Objects)} objects");
        }
        if (entity.RowsTotal is { } rowsTotal)
        {
            counts.Add($"{Count(entity.Rows)}/{Count(rowsTotal)} rows");
        }
        else if (entity.Rows > 0)
        {
            counts.Add($"{Count(entity.Rows)} rows");
        }
        var state = entity.State switch
        {
            EntityProgressState.Failed => " [red]failed[/]",
            EntityProgressState.Succeeded => " [green]done[/]",
            _ => "",
        };
        return $"[grey]{Formats.Date(entity.IngestDate)}[/] {Markup.Escape(entity.Source)}.{Markup.Escape(entity.Entity)} {string.Join(", ", counts)}{state}";
    }

    private static string Count(long n) => n switch
    {
        >= 10_000_000 => (n / 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 100_000 => (n / 1e3).ToString("0", CultureInfo.InvariantCulture) + "k",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };
}
