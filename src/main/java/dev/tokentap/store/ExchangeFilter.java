package dev.tokentap.store;

import dev.tokentap.model.Endpoint;
import dev.tokentap.model.Outcome;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which exchanges a read takes: started at or after {@code since}, before {@code until}, of one
 * {@code model}, of one {@code endpoint}, whose method, path, model, status, outcome, error, user
 * agent or client address contains {@code text} (ignoring case), or whose captured request or
 * response text does (the search index, {@link SearchIndex}; 3 characters or more), and only failed
 * ones when {@code errorsOnly}. A null or blank part takes everything. Turned into a SQL {@code
 * WHERE} with bound parameters, never with the values spliced into the text.
 */
public record ExchangeFilter(
    Instant since,
    Instant until,
    String model,
    Endpoint endpoint,
    String text,
    boolean errorsOnly) {

  /** Every exchange. */
  public static final ExchangeFilter ALL = new ExchangeFilter(null, null, null);

  /** The columns {@link #text} is searched in. */
  private static final List<String> TEXT_COLUMNS =
      List.of(
          "method",
          "path",
          "model",
          "CAST(status AS TEXT)",
          "outcome",
          "error",
          "user_agent",
          "client_address");

  public ExchangeFilter {
    text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
  }

  /** A time range and a model (null parts take everything). */
  public ExchangeFilter(Instant since, Instant until, String model) {
    this(since, until, model, null, null, false);
  }

  public ExchangeFilter withRange(Instant from, Instant to) {
    return new ExchangeFilter(from, to, model, endpoint, text, errorsOnly);
  }

  public ExchangeFilter withModel(String m) {
    return new ExchangeFilter(since, until, m, endpoint, text, errorsOnly);
  }

  public ExchangeFilter withEndpoint(Endpoint e) {
    return new ExchangeFilter(since, until, model, e, text, errorsOnly);
  }

  public ExchangeFilter withText(String t) {
    return new ExchangeFilter(since, until, model, endpoint, t, errorsOnly);
  }

  public ExchangeFilter withErrorsOnly(boolean b) {
    return new ExchangeFilter(since, until, model, endpoint, text, b);
  }

  /**
   * What the filter reads of one exchange: a stored row, or a running one, which knows less so far
   * (no outcome, maybe no model or status yet).
   */
  public interface Fields {
    long startedAt();

    String method();

    String path();

    String model();

    Endpoint endpoint();

    /** Null while no response headers arrived. */
    Integer status();

    /** Null while running. */
    Outcome outcome();

    String error();

    String userAgent();

    String clientAddress();
  }

  /**
   * True when {@code x} is taken: the same rule as the SQL, for rows that arrive while a filtered
   * view is open and for running ones (a running exchange has not failed yet, so "errors only"
   * leaves it out until it does), except the bodies, which a row does not carry: the activity table
   * looks the stored rows this leaves out up in the search index ({@link #searchesBodies()}); a
   * running exchange has no capture yet.
   */
  public boolean test(Fields x) {
    if (since != null && x.startedAt() < since.toEpochMilli()) {
      return false;
    }
    if (until != null && x.startedAt() >= until.toEpochMilli()) {
      return false;
    }
    if (model != null && !model.equals(x.model())) {
      return false;
    }
    if (endpoint != null && endpoint != x.endpoint()) {
      return false;
    }
    if (errorsOnly && (x.outcome() == null || x.outcome() == Outcome.OK)) {
      return false;
    }
    return text == null
        || containsText(
            text,
            x.method(),
            x.path(),
            x.model(),
            x.status() == null ? null : x.status().toString(),
            x.outcome() == null ? null : x.outcome().code(),
            x.error(),
            x.userAgent(),
            x.clientAddress());
  }

  /** True when one of {@code values} contains {@code lowerCaseText}, ignoring case. */
  private static boolean containsText(String lowerCaseText, String... values) {
    for (String v : values) {
      if (v != null && v.toLowerCase(Locale.ROOT).contains(lowerCaseText)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The condition, {@code "1"} when there is none; bind with {@link #bind}. {@code index} is the
   * search index to look in ({@code main.capture_text}, {@link SearchIndex#in}), or null for a file
   * without one: the text is then looked for in the columns only.
   */
  String where(String index) {
    List<String> terms = new ArrayList<>();
    if (since != null) {
      terms.add("started_at >= ?");
    }
    if (until != null) {
      terms.add("started_at < ?");
    }
    if (model != null) {
      terms.add("model = ?");
    }
    if (endpoint != null) {
      terms.add("endpoint = ?");
    }
    if (errorsOnly) {
      terms.add("outcome <> 'ok'");
    }
    if (text != null) {
      List<String> any = new ArrayList<>();
      for (String column : TEXT_COLUMNS) {
        any.add("instr(lower(" + column + "), ?) > 0");
      }
      if (searchesBodies(index)) {
        any.add("id IN (SELECT rowid FROM " + index + " WHERE " + SearchIndex.TABLE + " MATCH ?)");
      }
      terms.add("(" + String.join(" OR ", any) + ")");
    }
    return terms.isEmpty() ? "1" : String.join(" AND ", terms);
  }

  /**
   * Binds the parameters of {@link #where(String)} (with the same {@code index}) from {@code
   * first}; returns the next index.
   */
  int bind(PreparedStatement ps, int first, String index) throws SQLException {
    int i = first;
    if (since != null) {
      ps.setLong(i++, since.toEpochMilli());
    }
    if (until != null) {
      ps.setLong(i++, until.toEpochMilli());
    }
    if (model != null) {
      ps.setString(i++, model);
    }
    if (endpoint != null) {
      ps.setString(i++, endpoint.code());
    }
    if (text != null) {
      for (int k = 0; k < TEXT_COLUMNS.size(); k++) {
        ps.setString(i++, text);
      }
      if (searchesBodies(index)) {
        ps.setString(i++, SearchIndex.match(text));
      }
    }
    return i;
  }

  /** Whether {@link #text} is also looked for inside captured bodies (where there is an index). */
  public boolean searchesBodies() {
    return SearchIndex.searchable(text);
  }

  private boolean searchesBodies(String index) {
    return index != null && SearchIndex.searchable(text);
  }
}
