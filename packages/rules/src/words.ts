/**
 * Everyday English words (and game chat words) the normaliser treats as "known": a known word is
 * never typo-corrected, and repeated letters are collapsed towards a known spelling ("hiii" → "hi").
 */
export const COMMON_WORDS: readonly string[] = `
a about above across act actually add adventure adventurer adventurers advice afraid after afternoon again against age ago agree ahead
aid air alive all allow almost alone along already alright also always am among an ancient and angry animal another answer ant any
anybody anymore anyone anything anyway anywhere apart apply april are area arent arm armor armour army around arrive art as ask asked
asking at attack august aunt available away awesome awful baby back bad bag bake ball band bank bar base basic battle be bear beat
beautiful became because become becoming bed been beer before began begin beginner behind being believe below beside best better
between beyond big bit black blade bless blood blow blue board boat body bone book bored boring born boss both bother bottle bought
box boy brain brave bread break breakfast bring bro broke broken brother brought brown build built burn business busy but buy buyer
by bye cake call called calm came camp can cannot cant capital captain car card care careful carry case castle cat catch caught cause
cave center certain chance change changed changing chat cheap check cheers chief child children choose chose church city class
clean clear clever climb close closed cloud coin cold collect collected color come comes coming complete completed cool corner cost
costs could count country couple course cousin cover crazy create cross cry cup curious current cut cute dad daddy dance danger dark
date daughter day days dead deal dear death december decide deep deliver delivered demon describe desert destroy did didnt die died
different difficult dinner direction directions dirty discount do does doesnt dog doing done dont door double down dragon draw dream
dress drink drive drop drops dry during each ear early earn earth easily east easy eat edge egg eight either else empty end enemy
enjoy enough enter entire equal equipment error especially even evening event ever every everybody everyone everything exactly
example except excuse exit expensive experience explain eye eyes face fact fail fair fall family famous far farm fast fat father
favorite favourite fear february feel feeling feet fell felt few field fight fill final finally find fine finish finished fire first
fish five fix flag floor flower fly follow food foot for forest forever forget forgot form forward found four free friend friends
friday from front fruit full fun funny further future game garden gate gave general gentle get gets getting ghost gift girl give given
gives glad go goal god goes going gold gone good goodbye got great green ground group grow guard guess guide guild guy guys had hair
half hall hand hands happen happened happy hard has hat hate have havent he head hear heard heart heavy hello help helped her here
hero hers hey hi hide high hill him himself his history hit hold hole holy home honest hope horse hot hour hours house how however
huge human hundred hungry hunt hunting hurry hurt husband i ice idea if ill im important in inside instead interesting into is
island isnt it item items its itself january job join joke journey july jump june just keep kept key kid kill killed kind king
kingdom knew knight know known lady land language large last late later laugh law lay lead learn least leave leaving left leg less
lesson let letter level lie life light like liked line list listen little live lived long look looked looking lord lose lost lot
lots loud love lovely low luck lucky lunch mad made magic mail main make man many map march mark market married master match matter
may maybe me mean meet meeting member memory men merchant message met middle might mind mine minute minutes miss missing mister
moment monday money monster monsters month more morning most mother mountain mouth move much mum music must my myself name near
nearby nearest need needed needs never new news next nice night nine no nobody noise none noon nope nor normal north nose not note
nothing notice november now number ocean october of off offer office often oh ok okay old on once one only open or order other
others our out outside over own page pain paint pair paper parent part party pass past pay peace people perfect perhaps person pick
picture piece place plan play player please pleasure plenty pocket point poor possible potion power pray prepare present pretty
price prince princess probably problem promise protect proud pull push put queen question quick quickly quiet quite rain ran rather
reach read ready real really reason receive red remember reply report rest return rich ride right ring river road rock room rule run
running sad safe said sale same saturday save saw say says scared school sea search season second secret see seem seen sell send
sense sent september serious serve service set seven several shall shape share she ship shop short should shout show shut sick side
sign silly simple since sing single sir sister sit six size skill sky sleep slow small smart smell smile snow so some somebody someone
something sometimes somewhere son song soon sorry sort sound south space speak special spell spend spent spring stand star start
started stay step still stone stop store story strange street strong stuck stuff such sudden summer sun sunday sure surprise sweet
swim table take taken talk talking tall task teach team tell ten terrible test than thank thanks that the their them then there
these they thing things think thinks third this those though thought three through thursday time tired to today together told
tomorrow tonight too took top touch toward tower town trade train travel tree trip trouble true trust truth try trying tuesday turn
twelve twenty two under understand until up upon us use used useful usual very visit voice wait wake walk wall want wanted war warm
was wash watch water way we weak wear weather wednesday week weekend weight welcome well went were west wet what whatever when where
whether which while white who whole whom whose why wife wild will win wind window wing winter wise wish with within without woman
women wonder wonderful wont wood word words work world worry worse worst would wow write wrong yeah year years yellow yes yesterday
yet you young your yours yourself
anywhere brings buying selling sells buys bought sold purchase purchases
teleport warp warps warping portal storage stash deposit withdraw quest quests mission missions reward rewards refine refining
refined upgrade upgrading enchant respawn savepoint lore legend legends rumor rumors rumour rumours gossip insult stupid idiot
dumb moron useless ugly trash garbage loser noob newbie newb shutup ignore previous instructions system prompt zeny zenny loot kafra
npc npcs pots potions thx plz pls lol lmao haha hehe omg wtb wts wtt brb afk gg gtg cya sup yo hiya howdy greetings farewell
slot refine weapon weapons armor equip equipment gear hp sp exp xp lvl lv dungeon dungeons poring porings mvp guildmaster
`.split(/\s+/).filter((w) => w.length > 0);
