package dev.tokentap.ui.settings;

/**
 * What the Settings dialog edits, as the user types it (sizes like {@code 16M}, ages like {@code
 * 30d}; a blank retention field means no limit). Checked and parsed by the {@link SettingsStore}.
 *
 * @param listen where clients connect, {@code HOST:PORT}
 * @param upstream the model server's base URL
 * @param capture keep request/response captures (false: metrics only)
 * @param captureCap bytes kept of each body, e.g. {@code 16M}
 * @param keepAge delete exchanges older than this, e.g. {@code 30d}; blank or {@code none}: forever
 * @param keepExchanges keep only the newest this many; blank or {@code none}: no limit
 * @param keepCaptures keep captures up to this size in all, e.g. {@code 1G}; {@code none}: no limit
 * @param keepSummaries delete the per-minute to per-day summaries older than this; blank or {@code
 *     none}: forever
 * @param serverStatus read the model server's status for the Server tab (slots, props)
 */
public record Settings(
    String listen,
    String upstream,
    boolean capture,
    String captureCap,
    String keepAge,
    String keepExchanges,
    String keepCaptures,
    String keepSummaries,
    boolean serverStatus) {}
