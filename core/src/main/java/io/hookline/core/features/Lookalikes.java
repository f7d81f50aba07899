package io.hookline.core.features;

import java.net.IDN;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Domains made to be mistaken for another: a brand's (paypa1.com, rnicrosoft.com, pаypal.com with
 * a Cyrillic a, paypal-secure.com, paypal.com.account-check.net) or the recipient's own
 * (examp1e.com writing to example.com). Offline: a confusable-character skeleton, one typing slip
 * on the first label, a brand's name joined to other words, a brand's domain inside another host.
 * The same name under another suffix (slack.net) is not counted: brands own many suffixes and
 * namesakes are common. Rspamd's {@code
 * OMOGRAPH_URL} and {@code PHISHING} rules look for the same deceptions.
 */
final class Lookalikes {
  private Lookalikes() {}

  /**
   * What a host imitates, as "paypal.com", or null when it imitates nothing known.
   *
   * @param host a link's host or a sender's domain, lower case
   * @param ownDomain the recipient's registrable domain, or null
   */
  static String imitated(String host, Brands brands, String ownDomain) {
    if (host == null || host.indexOf('.') < 0 || Domains.isIpLiteral(host) || !isHostName(host)) {
      return null;
    }
    String unicode = unicode(host);
    String registrable = Domains.registrable(unicode);
    if (brands.owner(registrable) != null || registrable.equals(ownDomain)) {
      return null;
    }
    String label = firstLabel(registrable);
    String skeleton = skeleton(label);
    String hostSkeleton = skeleton(unicode);
    boolean folded = !hostSkeleton.equals(unicode);
    // the words of a hyphenated name, split once for every brand (see joined)
    Set<String> words = skeleton.indexOf('-') >= 0 ? new HashSet<>(Arrays.asList(skeleton.split("-"))) : Set.<String>of(); // words repeat: not Set.of
    for (Map.Entry<String, String> brand : brands.labels().entrySet()) {
      String brandLabel = brand.getKey();
      if (label.equals(brandLabel)) {
        continue; // the same name under another suffix (slack.net, yahoo.com.au) is a sibling or a namesake, not a disguise
      }
      if (skeleton.equals(brandLabel) || close(skeleton, brandLabel) || joined(words, brandLabel)
          || carriesDomain(unicode, brand.getValue()) || folded && carriesDomain(hostSkeleton, brand.getValue())) {
        return brand.getValue();
      }
    }
    if (ownDomain != null) {
      String ownLabel = firstLabel(ownDomain);
      if (ownLabel.length() >= 5 && !label.equals(ownLabel) && (skeleton.equals(skeleton(ownLabel)) || close(skeleton, ownLabel))) {
        return ownDomain;
      }
    }
    return null;
  }

  /** Letters, digits, hyphens and dots only: not an address's comment or other junk around a host. */
  private static boolean isHostName(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** True when a host writes letters of several scripts in one label (Latin with Cyrillic or Greek). */
  static boolean mixesScripts(String host) {
    for (String label : unicode(host).split("\\.")) {
      Character.UnicodeScript first = null;
      for (int i = 0; i < label.length(); ) {
        int c = label.codePointAt(i);
        i += Character.charCount(c);
        if (!Character.isLetter(c)) {
          continue;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        if (first == null) {
          first = script;
        } else if (script != first) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The brand's name joined to other words in the domain's own name (paypal-login,
   * secure-paypal, login-paypal-verify): {@code words} are the hyphen-separated words of a name
   * that has a hyphen, else empty. A bare brand word elsewhere in a host (messenger.msn.com) is
   * too common in honest hosts to count.
   */
  private static boolean joined(Set<String> words, String brandLabel) {
    // "apple", "chase" are words; shorter ones are too often parts of other names
    return brandLabel.length() >= 5 && words.contains(brandLabel);
  }

  /** A brand's whole domain followed by more labels (paypal.com.account-check.net). */
  private static boolean carriesDomain(String host, String brandDomain) {
    for (int at = host.indexOf(brandDomain); at >= 0; at = host.indexOf(brandDomain, at + 1)) {
      int end = at + brandDomain.length();
      if (end < host.length() && host.charAt(end) == '.' && (at == 0 || host.charAt(at - 1) == '.' || host.charAt(at - 1) == '-')) {
        return true;
      }
    }
    return false;
  }

  /**
   * One typing slip from the target, the kind typo-squatters register: two neighbouring letters
   * swapped (paypla), a letter doubled or undoubled (paypall, amazn is not: dropped letters count
   * only for long names such as mastercrd). Plain one-letter edits of short names are left out:
   * finance/binance or cooking/booking are other words, not imitations.
   */
  private static boolean close(String label, String target) {
    if (target.length() < 5 || label.equals(target)) {
      return false;
    }
    if (label.length() == target.length()) {
      int first = -1;
      for (int i = 0; i < label.length(); i++) {
        if (label.charAt(i) != target.charAt(i)) {
          first = i;
          break;
        }
      }
      return first >= 0 && first + 1 < label.length() && label.charAt(first) == target.charAt(first + 1)
          && label.charAt(first + 1) == target.charAt(first) && label.substring(first + 2).equals(target.substring(first + 2));
    }
    String longer = label.length() > target.length() ? label : target;
    String shorter = longer == label ? target : label;
    if (longer.length() != shorter.length() + 1) {
      return false;
    }
    int at = 0;
    while (at < shorter.length() && shorter.charAt(at) == longer.charAt(at)) {
      at++;
    }
    if (!longer.substring(at + 1).equals(shorter.substring(at))) {
      return false;
    }
    boolean doubled = at > 0 && longer.charAt(at) == longer.charAt(at - 1) || at + 1 < longer.length() && longer.charAt(at) == longer.charAt(at + 1);
    return doubled || target.length() >= 8;
  }

  /**
   * The label as the eye reads it: confusable letters of other scripts and look-alike digits and
   * letter pairs folded to the Latin letters they imitate (0→o, 1→l, rn→m, vv→w, Cyrillic а→a).
   */
  static String skeleton(String label) {
    StringBuilder folded = new StringBuilder(label.length());
    for (int i = 0; i < label.length(); ) {
      int c = label.codePointAt(i);
      i += Character.charCount(c);
      folded.append(fold(c));
    }
    return folded.toString().replace("rn", "m").replace("vv", "w");
  }

  private static char fold(int c) {
    return switch (c) {
      case '0', 'о', 'ο', 'օ' -> 'o';
      case '1', 'ӏ', 'ι' -> 'l';
      case 'і' -> 'i';
      case '3', 'е', 'ε' -> 'e';
      case '5', 'ѕ' -> 's';
      case '4', 'а', 'α' -> 'a';
      case 'р', 'ρ' -> 'p';
      case 'с', 'ϲ' -> 'c';
      case 'у', 'γ' -> 'y';
      case 'х', 'χ' -> 'x';
      case 'к', 'κ' -> 'k';
      case 'н' -> 'h';
      case 'м' -> 'm';
      case 'т', 'τ' -> 't';
      case 'ԁ' -> 'd';
      case 'ɡ' -> 'g';
      case 'ո' -> 'n';
      case 'ν' -> 'v';
      case 'ѡ', 'ω' -> 'w';
      default -> c < 128 ? (char) c : Character.toLowerCase((char) c);
    };
  }

  private static String firstLabel(String domain) {
    int dot = domain.indexOf('.');
    return dot < 0 ? domain : domain.substring(0, dot);
  }

  /** The host with punycode labels decoded; unchanged when they do not decode. */
  static String unicode(String host) {
    if (!Domains.isPunycode(host)) {
      return host;
    }
    try {
      return IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      return host;
    }
  }
}
