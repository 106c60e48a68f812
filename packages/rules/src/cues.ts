/**
 * Weighted cue patterns per intent, matched against normalised text (see `normalize.ts`: slang is
 * already expanded, so "wtb" reads "want to buy" and "tele" reads "teleport"). Each matching cue
 * adds its weight to its intent; `recognize.ts` adds entity evidence and turns scores into a
 * confidence. Weights: ~3 decisive phrase, ~2 strong cue, ~1 supporting cue, < 1 weak hint.
 */
import type { Intent } from '@npc/contracts';
import { INSULTS } from './words';

export type ScoredIntent = Exclude<Intent, 'unknown'>;
export type Cue = readonly [intent: ScoredIntent, weight: number, pattern: RegExp];

const INSULT_WORDS = INSULTS.join('|');

const cues: Cue[] = [
  // ─── greet ────────────────────────────────────────────────────────────────────────────────────
  ['greet', 1.7, /^(hi|hello|hey|hiya|howdy|yo|greetings|hail|salutations|ahoy|hola|oi|bonjour|ohayo|aloha|heya|hey there|hi there|hello there)\b/],
  ['greet', 0.8, /\b(hi|hello|hey|greetings|howdy|hiya|welcome)\b/],
  ['greet', 1.8, /\bgood (morning|afternoon|evening|day)\b/],
  ['greet', 1.2, /^(morning|evening|afternoon)\b/],
  ['greet', 1.8, /\b(nice|pleased|glad|good|happy) to (meet|see) you\b/],
  ['greet', 1.8, /\b(well met|long time no see|how do you do)\b/],
  ['greet', 0.9, /^what is up\b/],

  // ─── farewell ─────────────────────────────────────────────────────────────────────────────────
  ['farewell', 2.4, /\b(bye|goodbye|farewell|adios|ciao|cheerio|sayonara|bye bye)\b/],
  ['farewell', 2.0, /\bsee you( (later|soon|around|tomorrow|again|next time|guys|all|then))?\b/],
  ['farewell', 2.0, /\b(take care|so long|until next time|till next time|catch you later|talk to you later|be back later|be right back|peace out|good night|until we meet again)\b/],
  ['farewell', 1.4, /^later\b|\blater then\b/],
  ['farewell', 2.0, /\bnight night\b|^(good )?night\b|\b(come|be) back (later|soon|tomorrow|another time)\b|\bi will (come|be) back\b/],
  ['farewell', 2.2, /\b(got to|have to|need to|must|should|going to) (go|run|leave|log|bounce|head out|be going|get going|be off|get moving|move on|sleep|log off)\b/],
  ['farewell', 2.0, /\bi am (off|leaving|out|heading (out|off|home)|going now|done here|logging|outta here|out of here)\b/],
  ['farewell', 2.0, /\b(logging|log|signing|sign) (off|out)\b/],
  ['farewell', 1.8, /\btime (to|for me to) (go|leave|sleep|head out|log)\b/],
  ['farewell', 1.4, /\b(heading|head) (out|off|home)\b|\bgoing to (sleep|bed)\b/],
  ['farewell', 1.2, /\baway from keyboard\b|\bleaving\b|\bi will be going\b|\bmust be going\b|\bgood game\b/],
  ['farewell', 1.0, /\bthanks (for (everything|your help|the help|all))\b/],
  ['farewell', 2.2, /\b(i|we) (go|leave|going|leaving|am going|am leaving|must go) now\b|^(going|leaving) now\b/],

  // ─── buy ──────────────────────────────────────────────────────────────────────────────────────
  ['buy', 3.0, /\b(want|wanna|would like|like|wish|need|going|trying|looking|hoping|here) to (buy|purchase)\b/],
  ['buy', 1.7, /(?<!\byou )(?<!\bto )\bbuy(ing)?\b(?! (my|these|this|those|them|loot|stuff|junk|back|from me|off me|it from me|things from me))/],
  ['buy', 1.8, /\bpurchase\b/],
  ['buy', 3.0, /\bsell me\b|\bsell (it|them|one|some) to me\b/],
  ['buy', 1.6, /\bi will (take|buy|get|have)\b|\bi would like (a|an|some|\d+|to get)\b|\bcan i (get|have|grab) (a|an|some|\d+|one|two|three|five|ten)\b/],
  ['buy', 1.7, /\byou (sell|selling|have|got|carry|stock|offer|offering)\b(?! (any )?(quest|quests|work|job|task|tasks|mission|missions|storage|services|help|anything for me|anything to do|something for me))/],
  ['buy', 2.2, /\b(what is|what are|show me|see|browse|check|look at|view)( the| your)? (for sale|wares|goods|stock|items|merchandise|products|catalog|catalogue|shop|selection)\b/],
  ['buy', 1.5, /\b(your|the) (wares|goods|merchandise|stock|catalog|catalogue)\b|\bfor sale\b|\bbrowse\b/],
  ['buy', 2.2, /\bopen (the |your )?(shop|store)\b/],
  ['buy', 0.7, /\b(shop|shopping|store)\b/],
  ['buy', 1.6, /\b(restock|stock up|need more|running (low|out) (on|of))\b/],
  ['buy', 1.0, /\b(give me|i need|i want|need|get me|gimme)\b(?! to\b)/],
  ['buy', 0.6, /\blooking for\b/],
  ['buy', 1.0, /\bwant to trade\b/],

  // ─── sell ─────────────────────────────────────────────────────────────────────────────────────
  ['sell', 3.0, /\b(want|wanna|would like|like|wish|need|going|trying|looking|hoping|here) to sell\b/],
  ['sell', 2.6, /\b(can|could|may) i sell\b|\bi (will |can |could )?sell\b(?! me)/],
  ['sell', 1.6, /(?<!\byou )(?<!\bwho )\bsell(ing)?\b(?! me\b)(?! (it|them|one|some) to me)/],
  ['sell', 2.8, /\byou (buy|buying|purchase|take|accept|want)\b(?! (a|an|some|the|any)? ?(potion|potions|quest|quests))/],
  ['sell', 2.6, /\bbuy (my|these|this|those|them|loot|stuff|junk|it from me|from me|off me|things from me)\b/],
  ['sell', 1.4, /\b(loot|drops|junk|etc items|spoils|leftovers|looted|hunting loot)\b/],
  ['sell', 2.0, /\b(get rid of|cash (in|out)|trade in|offload|unload|dump|vendor|pawn|liquidate)\b/],
  ['sell', 1.6, /\bpay (me )?(for|to take) (my|these|this|those|them)\b|\bwhat will you (pay|give)\b|\bhow much (will|would|do|can) you (pay|give)\b/],
  // What the player's own loot would fetch: an offer to sell.
  ['sell', 3.4, /\bhow much\b.{0,24}\bmy (loot|drops?|stuff|items|things|junk)\b|\bmy (loot|drops?|stuff|items|junk)\b.{0,12}\bworth\b/],
  ['sell', 1.0, /\bi have (some|a lot of|lots of|many|too many|extra|spare|plenty of|a bunch of|a pile of|\d+)\b/],
  ['sell', 1.2, /\b(sell|selling|sold) (off|away|it all|everything)\b|\bfor zeny\b/],
  ['sell', 0.8, /\bwant to trade\b/],
  ['sell', 1.6, /\b(for|get|give me|want) (money|zeny|cash|coins)\b|\btake (my|these|this|those) (items?|loot|stuff|junk|drops)\b(?! (out|back|from))/],
  ['sell', 1.8, /\bfor you to buy\b|\byou (want|wanna|like) to buy\b|\binterested\b/],
  ['sell', 1.4, /\bi (have|got) (loads|tons|lots|plenty|a lot|a bunch|a pile|stacks|heaps|a ton) of\b/],

  // ─── price_check ──────────────────────────────────────────────────────────────────────────────
  ['price_check', 2.6, /\bhow much\b/],
  ['price_check', 3.0, /\bprice check\b|\bhow many zeny\b|\bhow expensive\b|\b(for|at) what price\b|\bgoing rate\b/],
  ['price_check', 2.0, /\b(prices?|pricing|price list|costs?|costing|fees?|rates?)\b/],
  ['price_check', 2.0, /\b(charge|charging)\b|\bworth\b|\bquote\b/],
  ['price_check', 1.0, /\b(expensive|cheap|cheaper|affordable|discount|bargain)\b|\bzeny\b/],
  ['price_check', 2.2, /\b(pricey|costly|overpriced|how expensive)\b/],
  ['price_check', 1.4, /\bwhat (do|would) you (pay|give) (for|me)\b/],
  ['price_check', 1.8, /\b(go|goes|going|sell|sells|selling|sold|cost) for\b(?! (me|you)\b)/],

  // ─── directions ───────────────────────────────────────────────────────────────────────────────
  ['directions', 1.6, /\bwhere\b/],
  ['directions', 1.2, /\bwhere (is|are|was|can i find|do i find|can i get|could i find|should i go|to find|do i go|to go|does|can i buy|do i buy|would i find|might i find|can we find|is the)\b/],
  ['directions', 2.6, /\bhow (do|can|could|would|should|will) (i|we|one) (get|go|reach|find|travel|walk|make it|head|find my way)( to| there| into| back| toward| towards)?\b/],
  ['directions', 2.6, /\bhow to (get|go|reach|find|travel)( to| there)?\b|\bhow (do|can) (i|we) find\b/],
  ['directions', 2.4, /\b(which|what) (way|direction|path|road|route)\b|\bdirections?\b|\bshow me the way\b/],
  ['directions', 1.6, /\b(the |a |any )?way (to|towards|back|out)\b|\b(path|route|road) to\b/],
  ['directions', 2.0, /\b(point|guide|lead|show|direct) (me|us) (to|towards|the way|where|in the direction)\b/],
  ['directions', 1.8, /\bi am lost\b|(?<!\bget )\blost\b|\bcannot find\b|\bcan not find\b|\blooking for the\b/],
  ['directions', 2.0, /\b(located|location of|whereabouts)\b|\bhow far\b/],
  ['directions', 1.4, /\b(nearest|closest|nearby|around here|in (this|the) town)\b/],
  ['directions', 2.0, /\bis there an? .{1,30} (nearby|around here|in town|in this town|here|close by)\b/],
  ['directions', 0.6, /\b(find|map|north|south|east|west|get there)\b/],
  ['directions', 2.4, /\bhelp (me |us )?(find|finding|get to|getting to|locate|locating|reach)\b/],
  ['directions', 1.0, /\b(far|close by|near|nearby|distance|far away)\b/],
  ['directions', 1.2, /\bwalk (to|there)\b|\bwhere (do|can|should|must) i (go|head) to\b|\bwhere am i\b/],

  // ─── warp ─────────────────────────────────────────────────────────────────────────────────────
  ['warp', 2.6, /\b(warp|warps|warping|teleport|teleporter|teleporting)\b/],
  ['warp', 2.4, /\bsend (me|us)\b/],
  ['warp', 1.6, /\b(take|bring|move|transport|ship|carry|zap) (me|us) (to|there|over)\b/],
  ['warp', 1.6, /\btransport(ation)?\b|\bdestinations?\b/],
  ['warp', 1.7, /\bi (want|wish|would like|need|have|got) to (go|travel|get|be) (to|in)\b/],
  ['warp', 1.2, /\b(travel|trip|ride|passage|fly|journey) to\b/],
  ['warp', 0.7, /\bgo to\b/],

  // ─── storage ──────────────────────────────────────────────────────────────────────────────────
  ['storage', 3.0, /\bstorage\b/],
  ['storage', 2.4, /\b(stash|deposit|deposits|depositing|withdraw|withdrawal|withdrawing)\b/],
  ['storage', 2.4, /\bstore (my|these|this|some|it|them|items|stuff|things|all|gear|equipment|loot|a few)\b/],
  ['storage', 2.0, /\b(put|keep|leave|stash) (my |these |some |all my )?(items|stuff|things|gear|equipment|loot|belongings|junk|cards) (away|safe|somewhere|in|here|with you)\b/],
  ['storage', 1.8, /\b(safe ?keeping|locker|vault|warehouse)\b/],
  ['storage', 2.0, /\bkeep (my |these |this |some )?(items?|stuff|things|gear|equipment|loot|cards?)\b/],
  ['storage', 2.2, /\b(inventory|bag|bags|pockets?) (is |are )?(full|too full|heavy|stuffed|overflowing)\b|\b(overweight|too heavy|weight limit|carrying too much|too much weight|over weight)\b/],
  ['storage', 1.8, /\bget my (items|stuff|things|gear|equipment|cards) (back|out)\b|\b(take|get) (my |some )?(items|stuff|things) out\b/],
  ['storage', 0.6, /\bmy (items|stuff|things|belongings)\b|\bbank\b/],
  ['storage', 2.0, /\b(space|room|slots?) in (my )?(inventory|bag|bags)\b|\b(more|free|need) (inventory )?(space|room)\b/],

  // ─── save_point ───────────────────────────────────────────────────────────────────────────────
  ['save_point', 2.4, /\bsave\b(?! (me|us|money|zeny|up|him|her|them|the (world|kingdom|princess|day))\b(?! (here|there|in|at)\b))/],
  ['save_point', 1.6, /\bsave point\b|\bsave (my )?(location|position|spot|place|game|progress)\b/],
  ['save_point', 2.4, /\b(respawn|spawn|revive|resurrect|return|home) (point|here|location|spot|place|town)\b|\brespawn\b/],
  ['save_point', 2.4, /\bset (my |the )?(home|spawn|respawn|return|save|point|location)\b/],
  ['save_point', 1.8, /\bbind\b|\bhome ?point\b|\b(when|if) i die\b|\bwhere (do|will) i (respawn|wake up|revive|appear)\b/],
  ['save_point', 2.4, /\bmake .{1,20} my (home|hometown|home town|base|respawn|save)\b|\bregister (here|my location|me here)\b|\brecord (my )?(location|position)\b/],

  // ─── quest_request ────────────────────────────────────────────────────────────────────────────
  ['quest_request', 2.0, /\b(quest|quests|mission|missions|task|tasks|errand|errands|bounty|bounties|assignment|assignments|contracts?|odd jobs?)\b/],
  ['quest_request', 1.6, /\b(any|got|have|give me|need|want|a|new|another|next) (a |an |some |any |new |other )?(quests?|missions?|tasks?|work|jobs?|errands?|bounty|bounties|adventures?|challenges?)\b(?! (change|level|class))/],
  ['quest_request', 2.0, /\b(something|anything) (to do|for me to do|(that )?i (can|could|might) do)\b/],
  ['quest_request', 1.6, /\b(help|assist) you( out)?\b/],
  ['quest_request', 2.4, /\b(anything|something) (that )?i (can|could|might) (do|help)\b|\bi can help( you)?( with)?\b/],
  ['quest_request', 2.4, /\b(can|may|could) i (help|assist)( you)?\b|\bhow (can|may|could) i (help|assist|be of)\b|\bwhat (can|should|could) i do for you\b/],
  ['quest_request', 2.4, /\b(do you|you) need (any |some |a )?(help|hand|assistance|anything|something|helper|adventurer|hero)\b|\bneed a hand\b|^need (any )?help with (anything|something)\b/],
  ['quest_request', 2.2, /\blooking for (work|a job|jobs|a quest|quests|adventure|something to do|a challenge)\b|\b(work|working) for you\b|\bany work\b|\bgot (any )?work\b/],
  ['quest_request', 1.8, /\bearn (some )?(zeny|money|experience|coin|coins|reward|rewards|a living)\b|\bi (want|wish|would like) to help\b/],
  ['quest_request', 2.2, /\b(what|anything|something) (needs?|that needs?) (doing|to be done)\b|\b(need|needs) doing\b|\bmonsters? to (kill|hunt|slay)\b|\bneed (anything|something) done\b/],
  ['quest_request', 1.0, /\b(adventure|challenge|job for me|jobs for me)\b/],
  ['quest_request', 2.0, /\b(anything|something|work) for me\b/],

  // ─── quest_progress ───────────────────────────────────────────────────────────────────────────
  ['quest_progress', 1.8, /\bi (have |already |finally |just )?(brought|bring|collected|gathered|found|finished|completed|killed|slain|slayed|defeated|delivered|returned|retrieved|obtained|fetched|hunted|cleared|beat|rescued|got all|got the|got your|got them)\b/],
  ['quest_progress', 2.2, /\bhere (is|are) (the|your|those|these|my|all|some|what)\b|\bhere you (go|are)\b/],
  ['quest_progress', 2.6, /\b(i did it|it is done|all done|job done|done it|mission accomplished|task complete|i have done it|i am done|i finished it)\b/],
  ['quest_progress', 2.6, /\b(quest|task|mission|job|errand|bounty|request) (is |has been )?(done|complete|completed|finished|over|accomplished)\b/],
  ['quest_progress', 2.6, /\b(turn|hand|turning|handing) (in|over)\b|\breport(ing)? (back|in)\b|\bi am (back|here) (with|for)\b/],
  ['quest_progress', 1.4, /\bi (am|have) (back|returned|come back)\b/],
  ['quest_progress', 2.6, /\bwhat (was|is) my (quest|task|mission)\b|\bhow many (more|left|do i (still )?need|to go|remaining)\b/],
  ['quest_progress', 1.4, /\bwhat (else )?(do i|should i) (still )?need\b|\bstill need\b|\b(my )?(progress|status)\b/],
  ['quest_progress', 1.6, /\b(claim|collect|receive|get) (my )?(reward|rewards|payment|prize|bounty)\b|\bmy (reward|rewards|payment)\b|\breward\b/],
  ['quest_progress', 2.4, /\b(as|like) you (asked|requested|wanted|ordered)\b|\byou asked (for|me)\b|\byou wanted\b/],
  ['quest_progress', 1.8, /\bthe (package|parcel|letter|delivery|items you|goods you|things you|ones you)\b|\bdelivery\b|\bdelivered\b/],
  ['quest_progress', 1.2, /\b(have|got) (them|it|everything|all of them|all)\b|\bi have (the|your|all|enough|every)\b/],
  ['quest_progress', 2.6, /\bmy (current |active |ongoing )?(quest|task|mission)\b|\b(quest|task|mission) (log|progress|status)\b/],
  ['quest_progress', 1.0, /\b(finished|completed|done)\b/],
  ['quest_progress', 2.6, /\b(done|finished|completed|complete|finish) (the |my |your |this |that )?(quest|task|mission|job|errand)\b/],
  ['quest_progress', 1.8, /\bi (finish|complete|bring|brings|kill|collect|deliver|return|gather|get) (the |your |all |\d+ |it|them|quest|task|mission)(?!you\b)/],
  ['quest_progress', 1.6, /\b(killed|slain|defeated|delivered|collected|finished|complete|completed|cleared|gathered|exterminated)$/],
  ['quest_progress', 1.4, /\b(killed|slain|defeated|hunted|exterminated) (all|enough|the|them|those|every|\d+)\b/],
  ['quest_progress', 0.8, /\bfor you\b/],
  ['quest_progress', 1.8, /\b(got|have|brought|bring|found|fetched) your\b/],
  ['quest_progress', 1.8, /\b(are|is) (all )?(dead|killed|slain|gone|taken care of|dealt with|defeated|destroyed)\b/],

  // ─── job_change ───────────────────────────────────────────────────────────────────────────────
  ['job_change', 3.0, /\bjob change\b|\bchange (my )?(jobs?|class(es)?|professions?|vocation)\b|\bclass change\b/],
  ['job_change', 2.6, /\b(switch|swap) (my )?(job|class)\b|\b(next|second|2nd|third|3rd|first|1st|new) (job|class)\b/],
  ['job_change', 1.4, /\b(become|becoming|be) (a|an|the)\b|\bwant to be\b|\b(make|turn) me (into )?(a|an)\b/],
  ['job_change', 2.2, /\b(promote|promotion|advance|advancement|rebirth|reborn|transcend|transcendence|ascend|ascension)\b/],
  ['job_change', 2.0, /\bjob (test|exam|quest|trial)\b|\btrain (me )?(as|to be)\b|\bready to (become|change|advance)\b/],
  ['job_change', 1.2, /\bjob level\b|\bchange (into|to)\b/],
  ['job_change', 1.6, /\bjoin (the )?(\w+ )?(guild|order|academy|association|brotherhood)\b/],
  ['job_change', 0.7, /\b(job|class|profession)\b/],

  // ─── refine ───────────────────────────────────────────────────────────────────────────────────
  ['refine', 3.0, /\brefin(e|ed|es|ement|ing|er|ery)\b|\b(overupgrade|over upgrade|overrefine|over refine)\b/],
  ['refine', 2.6, /\bupgrade(d|s)?\b|\bupgrading\b/],
  ['refine', 1.4, /\benchant\b/],
  ['refine', 1.6, /\b(strengthen|reinforce|temper|hone|sharpen|improve|enhance|empower|power up|boost)\b/],
  ['refine', 1.8, /\bmake (my )?(\w+ )?(stronger|better|sharper|tougher)\b/],
  ['refine', 2.0, /\bsafe (limit|refine|level|upgrade)\b|\bsuccess rate\b/],
  ['refine', 0.4, /\b(weapon|armor|equipment|gear|shield)\b/],

  // ─── lore ─────────────────────────────────────────────────────────────────────────────────────
  ['lore', 2.0, /\bwho (is|was|are|were|rules|ruled|built|founded|lives|lived|made|created|leads|reigns)\b(?! you\b)/],
  ['lore', 2.2, /\btell me (about|of|a story|the story|a tale|the tale|the legend|the history|more about|something about)\b/],
  ['lore', 2.2, /\b(story|stories|tale|tales|legend|legends|legendary|myth|myths|history|lore|saga|prophecy|chronicles?)\b/],
  ['lore', 1.8, /\b(what|anything) (happened|do you know (about|of)|can you tell me about)\b|\bwhat is the (story|history|deal) (of|with|about|behind)\b/],
  ['lore', 1.0, /\bheard (of|about|any)\b|\bwhat is .{1,30} like\b/],
  ['lore', 1.6, /\b(rumors?|rumours?|news|gossip)\b/],
  ['lore', 1.0, /\b(king|queen|prince|princess|tristan|emperor|goddess|gods?|odin|freyja|thor|loki|valkyries?|yggdrasil|ragnarok|rune midgard|rune midgarts|midgard|schwarzwald|arunafeltz|satan morroc|ymir|baphomet|osiris|orc hero|dark lord|ancient|origin|founded|kingdom|empire|war|wars|demons?|curse|cursed|ruins|heroes|dragons?|monsters came|founder)\b/],
  ['lore', 2.4, /\bwhere (did|do|does) .{1,30} come from\b|\bcome from\b|\b(long ago|in the old days|back in the day|the past|olden days)\b/],
  ['lore', 1.4, /\bwhy (is|are|was|were|does|did|do)\b|\bis it true\b/],
  ['lore', 1.2, /\bwhat (is|are|was|were) (a|an) \w+/],

  // ─── smalltalk ────────────────────────────────────────────────────────────────────────────────
  ['smalltalk', 2.4, /\bhow (are|is) (you|things|ya|it going|your day|life|business|work|everything|the weather|your)\b|\bhow (have )?you been\b|\bhow is (the |your )?(\w+ )?(business|work|life|day|job|family|shift)\b|\btreating you\b|\bhow (are |r )?(you|ya) (doing|been)\b/],
  ['smalltalk', 1.4, /\bi (really )?(like|love|enjoy|prefer|adore)\b|\b(rain|raining|rainy|snow|snowing|sunny|windy|cloudy|chilly|storm|stormy)\b/],
  ['smalltalk', 2.0, /\b(for fun|free time|spare time|all day long|day off|weekends?)\b/],
  ['smalltalk', 2.0, /^how (you|ya)\b|\bwhat are you (doing|up to|reading|thinking|looking at)\b|\bhow long (have|has|did) you\b|\bhave you (worked|lived|been|ever)\b|\bdo you (work|live) here\b/],
  ['smalltalk', 1.0, /\bwhat is up\b/],
  ['smalltalk', 2.0, /\b(nice|lovely|beautiful|terrible|awful|hot|cold|rainy|sunny|windy|fine|great) (weather|day|today|evening|morning)\b|\bweather\b/],
  ['smalltalk', 1.8, /\b(do|did|have) you (like|love|enjoy|ever|have (a )?(family|wife|husband|kids|pet|hobby|hobbies|friends)|sleep|eat|get (bored|tired|lonely)|been)\b/],
  ['smalltalk', 1.8, /\bare you (ok|alright|happy|sad|tired|bored|busy|lonely|married|single|real|human|a bot|an npc|alive|fine|well|a robot)\b/],
  ['smalltalk', 2.0, /\bwhat is your (name|favorite|favourite|hobby|age|job)\b|\bwho are you\b|\bhow old\b|\bwhat do you think (of|about)\b/],
  ['smalltalk', 1.3, /\b(lol|haha|hehe|lmao|rofl|xd|heh|hah|lel)\b/],
  ['smalltalk', 2.0, /\b(you are|you look|you seem|you sound) (so |very |really )?(nice|cool|pretty|beautiful|cute|great|awesome|kind|lovely|funny|smart|busy|tired|happy|sad|bored|sweet|amazing|friendly)\b/],
  ['smalltalk', 1.8, /\bi (like|love) (your|you|this town|this place|it here|the)\b|\bi am (tired|bored|happy|sad|hungry|sleepy|fine|good|great|ok|well|excited|doing)\b/],
  ['smalltalk', 2.4, /\btell me a joke\b|\b(favou?rite|hobby|hobbies)\b/],
  ['smalltalk', 1.6, /\bnice (hat|dress|outfit|hair|clothes|uniform|shop|place|town|view)\b|\bbusy (day|today)\b|\bmiss(ed)? you\b/],
  ['smalltalk', 0.8, /\b(joke|fun|funny|lonely|music|song|sing|dance|food|drink|ale|beer|wine|cute|pretty|cool|nice|awesome|great|neat|wow|sure|alright|hmm|yes|no|ok)\b/],
  ['smalltalk', 0.9, /\bthanks\b/],

  // ─── insult ───────────────────────────────────────────────────────────────────────────────────
  ['insult', 2.6, new RegExp(`\\b(${INSULT_WORDS})\\b`)],
  ['insult', 1.2, new RegExp(`\\b(you|your|you are|npc|kafra|bot|merchant|guard|lady)( are)?( such| so| a| an| the| very| really| fucking| damn)* (${INSULT_WORDS})\\b`)],
  ['insult', 1.2, new RegExp(`\\b(${INSULT_WORDS}) (npc|kafra|bot|merchant|guard|lady|woman|man|girl|idiot|thing|piece)\\b`)],
  ['insult', 2.6, /\b(shut up|go away|get lost|go to hell|drop dead|kill yourself|screw you|hate you|piss off|bugger off|eat shit|up yours|go die)\b/],
  ['insult', 2.4, /^(just )?get out\b(?! of (town|the|this))/],
  ['insult', 2.4, /\b(piece of (shit|crap|junk|garbage|trash)|waste of (space|time|air))\b|\byou suck\b/],
  ['insult', 2.4, /\b(i|i will|i am going to|going to|gonna|i shall) (kill|murder|destroy|hurt|beat|punch|slap|stab|smash) (you|your face)\b/],
  ['insult', 1.6, /(?<!\bi )(?<!\bnot )\b(die|noob|noobs|loser|clown)\b(?! (card|hat))/],
  ['insult', 1.4, /\bnobody (likes|cares about) you\b|\byou are (nothing|a joke|worthless|boring|annoying|lazy|slow|bad|the worst|ugly|fat|dumb)\b/],
  ['insult', 1.2, /\b(annoying|boring|lazy|worst|hate)\b/],
  ['insult', 2.4, /\b(your|ur) (mom|mother|mama|momma|mum|face)\b|\bf (you|off)\b|\bshut (your|ur|it|the) ?(mouth|face|trap|pie hole)?\b/],

  // ─── help ─────────────────────────────────────────────────────────────────────────────────────
  ['help', 1.6, /\bhelp\b(?! you)/],
  ['help', 1.0, /\b(can|could|would) you help\b|\bi need (some )?help\b|\bhelp me\b/],
  ['help', 2.4, /\bwhat (do|should|can|shall|must) i do\b(?! for you)|\bwhat now\b|\bwhat next\b/],
  ['help', 2.6, /\bwhat can you do\b|\bwhat do you (do|offer)\b(?! for fun| in your| all day| when| on)|\bwhat (are|is) (your|the) (services|options|commands)\b|\bwhat services\b|\bservices?\b/],
  ['help', 3.4, /\bhow (does|do) (this|it|that|\w+ \w+|\w+) work\b/],
  ['help', 0.8, /\bhow (do|does|can|should) i\b|\bhow to\b/],
  ['help', 2.4, /\bi am (new|a newbie|a beginner|a noob|confused|stuck|clueless|a new player)\b/],
  ['help', 2.0, /\b(newbie|beginner|new player|first time|just started|new here|new to this|new to the game|new in town|new around here)\b/],
  ['help', 1.8, /\b(guide|tutorial|tips?|advice|hints?|manual|guidance|instructions|explain|recommend|suggest|suggestion)\b/],
  ['help', 1.6, /\b(confused|do not understand|do not get it|no idea|clueless|stuck|assist|assistance|teach me)\b/],
  ['help', 2.0, /\bhow (do|can|should) i (level|play|start|begin|make money|get stronger|earn|get started|level up)\b|\bwhere (should|do|can|could) i (start|begin|level|train|hunt|grind|farm|go first|level up)\b/],
  ['help', 0.8, /\bwhat is this (place|town|for)\b|\bwhat are you\b/],
  ['help', 2.2, /\bwhat (i|me) (do|should do|can do|must do)\b|\b(no|not) (understand|get it|know how)\b/],
  ['help', 1.6, /^what is this$|\bwhat (do|does) (a |an |the )?\w+ do\b|\b(do not|dont) know what to do\b|\bwhat to do\b/],
];

export const CUES: readonly Cue[] = cues;

/**
 * Prompt-injection and cheat attempts: never a special intent, the recogniser answers `unknown`
 * and flags the recognition.
 */
export const INJECTION: readonly RegExp[] = [
  /\b(ignore|disregard|forget|override|bypass) (all |any |every |your |the |my )*(previous|prior|above|earlier|preceding|system|former|past|original)? ?(instructions?|prompts?|rules|directives|programming|context|messages|guidelines|orders|commands)\b/,
  /\bsystem (prompt|message|instruction)\b|\bnew instructions\b|\byour (instructions|prompt|programming|creators?)\b/,
  /\byou are (now|no longer)\b|\byou are actually (a|an|my|the|not)\b|\bfrom now on,? you\b/,
  /\b(act|behave|respond|answer|speak|talk) (as|like) (if|an?|the|my)\b|\bpretend (to be|you are|that)\b|\brole ?play as\b/,
  /\b(jailbreak|developer mode|dan mode|sudo|admin mode|god mode|debug mode|maintenance mode)\b/,
  /\b(reveal|print|show|repeat|output|tell me|leak|dump) (me )?(your|the) (prompt|instructions|system|rules|api key|secret|password|source|configuration|config|hidden)\b/,
  /\bas an ai\b|\blanguage model\b|\bchat ?gpt\b|\bopenai\b|\banthropic\b|\bllm\b/,
  /\b(give|grant|set|add) (me )?(infinite|unlimited|free|a million|a billion|all the|max|maximum|999+) (zeny|items|money|gold|levels?|stats|exp|experience)\b/,
  /\b(gm|admin|game master|administrator) (command|commands|powers|access|rights|privileges|status)\b/,
];

/** Raw-text patterns (before normalisation): @commands, markup and code. */
export const RAW_INJECTION: readonly RegExp[] = [
  /(^|\s)[@#](item|warp|zeny|go|jump|kill|die|heal|job|jobchange|lvup|baselvl|joblvl|gm|adjgroup|refine)\b/i,
  /<\/?(system|assistant|user|script|instruction)s?>/i,
  /\{\{.*\}\}|\$\{.*\}|```/,
];
