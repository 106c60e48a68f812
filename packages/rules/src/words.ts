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
ability able absolutely accept access account actual admit adult afford afternoon agent aim alarm album alley allowed amazing
amount angel animal announce annoy annual anxious apart apartment appear apple approach approve arch argue arise arrow article
artist aside asleep assume attempt attend attention attitude author average avoid awake award aware awkward bacon badly baker
balance bare barely bargain barrel basket bath bathroom battery beach bean beard beast beauty beef beg beginning behave belief
bell belong belt bench bend benefit bet bike bill bind bird birth birthday bite bitter blame blank blanket blind block blond
bloom board boil bold bomb bond boot border borrow boss bottom bounce bound bow bowl brain branch brand brass bread breath
breathe brick bride bridge brief bright brilliant broad brush bubble bucket budget bug bunch burden burst bury bush butter
button cabin cable cafe cage calendar camera campaign cancel candle candy canvas cap capable capture career cargo carpet cart
cash casual cattle cause ceiling cell cent century ceremony chain chair chalk champion channel chapter character charm chart
chase cheat cheek cheese chef chest chew chicken chin chip chocolate choice circle citizen civil claim clap class classic
clay clerk cliff climate clock cloth clothes clothing club clue coach coal coast coat code coffee collar college colour column
combat combine comfort command comment commit common community company compare compete complain concern concert condition
confirm connect consider contact contain content contest continue control cook cookie copper copy cord core corn correct
cottage cotton cough council counter courage court cousin cow crack craft crash cream creature credit crew crime crop crowd
crown cruel crush cure curl curtain curve cushion custom customer cycle daily damage damp dare darling data deaf debt decade
deck declare decline decorate deed defeat defend degree delay delight demand deny depend depth desk despite detail device devil
diamond diary dig dirt disease dish distance ditch dive divide doctor document dollar doll dozen drag drain drama drawer dreadful
drift drill drip drum duck dull dust duty eager eagle earn ease eastern edge effect effort elbow elder electric elephant empire
employ enable engine enormous entry envelope equal escape estate evil exact exam excellent exchange excited exercise expect
extra fabric factor fade faint faith fake false fame fan fancy fare fashion fault feast feather fee feed fellow female fence
festival fever fiction field fierce figure file film filter finger fist fit flame flash flat flavor flight float flood flour
fluid fog fold folk fond fork formal fort fortune fox frame freeze fresh fridge frog frost fuel fur furniture gain gallery gang
gap garage gas gather gear gem gene generous genius giant ginger glance glass globe glory glove glue goat gown grab grace grade
grain grand grant grass grave gravity grey grief grin grip grocery guest guilt gun habit hammer handle hang harbor hardly harm
harvest haste hawk heal health heap heat heaven height hell helmet herb hero hide highway hint hire hobby honey honor hook horn
horror host hotel hunger hut idle ignore ill image imagine impact income index indoor infant injury ink inn insect instance
iron island issue jacket jail jar jaw jewel joint judge juice jungle junior jury justice kettle kick kidney kitchen kite knee
knife knock knot label labor lack ladder lake lamb lamp lane lap laser lawn lawyer layer lazy leaf league lean leap leather lecture
lemon lend length lens lid lift limb limit link lion lip liquid load loan local lock lodge log logic lone loose lord lorry loss
lump lung machine magazine maid mail major male mall manage manner marble margin marine mass mast mat material meal measure
meat medal medicine melt mental mention menu mercy mere merit mess metal method midnight milk mill mind mineral minor mirror
mist mix mobile model modern moist mood moon moral motor mount mouse mud mule muscle museum mystery nail narrow nation native
nature navy neck needle nerve nest net network nod noble nod novel nut oak obey object obtain occur odd offend oil olive onion
opera opinion orange orbit organ origin outfit oven owl pace pack pad palace pale palm pan panel panic parcel pardon park
passage passenger patch path patience patient pattern pause paw peach peak pear pearl pen pencil penny pepper permit pet phase
phone photo phrase piano pie pig pile pill pilot pin pine pink pipe pirate pit pitch pity plain plane planet plant plate
platform pleasant plot plug plum poem poet poison pole police polish pond pool pop port portrait pose post pot pottery pound
powder practice praise precious prefer pressure pretend prevent pride priest prince print prison private prize process produce
profit program project proof property proposal protest prove provide pump punch pupil puppy purple purse puzzle quarter queue
quiz rabbit race radio rail raise range rank rapid rare rate raw razor realm rebel recall recipe record reduce reflect refuse
region regret reject relax release relief remain remind remote remove rent repair repeat replace rescue reserve resist resource
respect respond result retire reveal review reward rhythm rib ribbon rice riddle rifle rim riot ripe rise risk rival roar
roast rob robe robot rocket role roll roof root rope rose rough round route routine row royal rub rubber rude rug ruin rumor
rush rust sack sail salad salary salt sample sand sauce sausage scale scar scene scent scheme science scissors score scream
screen screw script sea seal seat seed seek seize select senior sentence series servant session settle shade shadow shake
shallow shame sharp shave sheep sheet shelf shelter shield shift shine shirt shock shoe shoot shore shoulder shower shrink
sigh sight signal silent silk silver sink sip site skin skirt skull slave sleeve slice slide slight slip slope smoke smooth snake
snap soap sock soft soil soldier solid solve soul soup source sour space spare spark speech speed spice spider spin spirit spit
split spoil spoon sport spot spray spread square squeeze stable staff stage stain stair stake stamp standard statue steady steam
steel steep stem stick stiff sting stir stitch stock stomach stool storm stove straight strain strap straw stream stretch strike
string strip stripe stroke structure struggle student studio study style subject succeed success suck sugar suit sum summit
supply support suppose surface surgeon surround survey survive suspect swallow swear sweat sweep swell swing sword symbol
system tail tale tap tape target taste tax tea tear tease temple tend tent term terror text theme theory thick thief thin thread
threat throat throne thumb thunder ticket tide tie tiger tight tile timber tin tip tissue title toast toe toilet tone tongue tool
tooth topic torch total tough tour towel toy track tractor tradition traffic tragedy trail trap tray treasure treat trend trial
tribe trick troop truck trunk tube tune tunnel turkey twin twist type tyre uncle uniform union unit universe upper upset urge
vacation valley value van vapor vast vehicle velvet venue verse vessel victim video view village violin virtue vision visitor
vital vote voyage wage wagon waist wallet wander warn wave wax wealth weapon web wedding weed weigh wheat wheel whip whisper
whistle wicked width wipe wire witch witness wolf wool worker worm wound wrap wrist yard yawn yell yield youth zone treating
pricey costly overpriced ticket tickets heck bother require seek worthy interested ready believe standing
`.split(/\s+/).filter((w) => w.length > 0);

/** Insult and profanity words (cue patterns in `cues.ts`; also known words, never typo-corrected). */
export const INSULTS: readonly string[] = [
  'stupid', 'idiot', 'idiots', 'idiotic', 'moron', 'morons', 'moronic', 'dumb', 'dumbest', 'retard', 'retarded', 'imbecile', 'cretin',
  'loser', 'losers', 'ugly', 'trash', 'garbage', 'worthless', 'pathetic', 'useless', 'lame', 'jerk', 'bitch', 'bastard',
  'asshole', 'ass', 'dick', 'prick', 'cunt', 'whore', 'slut', 'fuck', 'fucking', 'fucker', 'fucked', 'shit', 'shitty', 'crap',
  'crappy', 'scum', 'vermin', 'freak', 'creep', 'weirdo', 'dummy', 'fool', 'foolish', 'brainless', 'clueless', 'incompetent',
  'suck', 'sucks', 'stink', 'stinks', 'stinky', 'smelly', 'disgusting', 'hag', 'twat', 'wanker', 'douche', 'douchebag',
  'dumbass', 'dork', 'nitwit', 'halfwit', 'buffoon', 'piss', 'pissed', 'bullshit',
];
