/**
 * A small Ragnarok Online gazetteer shipped with the rules: towns and well-known maps (with their
 * rAthena map names and typical coordinates), common items (with a typical NPC price), jobs, and
 * generic places one asks the way to. Pure data; indexes are built in `entities.ts`.
 * (Over 300 lines on purpose: a data table, one entry a line.)
 *
 * Aliases are written the way players type them; they are normalised with `normalize()` when the
 * indexes are built, so slang in an alias ("pot") is fine.
 */

export type TownKind = 'town' | 'dungeon' | 'field';

export interface Town {
  /** Display name, safe to say. */
  readonly name: string;
  /** rAthena map name. */
  readonly map: string;
  readonly x?: number;
  readonly y?: number;
  readonly kind: TownKind;
  readonly aliases: readonly string[];
  /** How to get there, said by guides. */
  readonly hint: string;
  /** A line of lore. */
  readonly lore?: string;
}

export type ItemCategory = 'consumable' | 'gem' | 'ore' | 'loot' | 'weapon' | 'armor' | 'shield' | 'garment' | 'shoes' | 'headgear' | 'ammo' | 'card';

export interface Item {
  readonly name: string;
  readonly category: ItemCategory;
  /** Typical NPC selling price in zeny (what a shop charges); NPCs buy back at half. */
  readonly price: number;
  readonly aliases: readonly string[];
}

export interface Job {
  readonly name: string;
  /** 1: first class, 2: second, 3: transcendent/third, 0: novice. */
  readonly tier: 0 | 1 | 2 | 3;
  readonly aliases: readonly string[];
}

export interface Place {
  readonly name: string;
  readonly aliases: readonly string[];
}

const town = (
  name: string, map: string, x: number | undefined, y: number | undefined, kind: TownKind,
  aliases: readonly string[], hint: string, lore?: string,
): Town => ({ name, map, ...(x === undefined ? {} : { x }), ...(y === undefined ? {} : { y }), kind, aliases, hint, ...(lore ? { lore } : {}) });

export const TOWNS: readonly Town[] = [
  town('Prontera', 'prontera', 156, 191, 'town', ['prontera', 'prt', 'pront', 'prontera city', 'the capital'],
    'the capital, in the middle of the kingdom', 'Prontera is the capital of the Rune-Midgarts Kingdom, where King Tristan III rules from the castle in the north.'),
  town('Izlude', 'izlude', 128, 114, 'town', ['izlude', 'iz', 'izzy'],
    'the harbour town just east of Prontera', 'Izlude is the port beside Prontera and the home of the Swordman Association.'),
  town('Geffen', 'geffen', 119, 59, 'town', ['geffen', 'gef', 'geff', 'geffen city'],
    'the city of magic, west of Prontera', 'Geffen is the city of magic; its great tower hides a dungeon full of restless spirits.'),
  town('Payon', 'payon', 162, 233, 'town', ['payon', 'payon village'],
    'the mountain village south-east of Prontera', 'Payon is a village among the pines, home of the Archer Guild and of an old cave of the dead.'),
  town('Morroc', 'morocc', 156, 93, 'town', ['morroc', 'morocc', 'moc', 'morroc town', 'morrock', 'morrok'],
    'the desert town far to the south', 'Morroc is the desert town at the oasis; the Thieves Guild hides near the Pyramids.'),
  town('Alberta', 'alberta', 192, 147, 'town', ['alberta', 'alb', 'alberta port'],
    'the merchant port in the south-east', 'Alberta is the port of merchants, where ships sail for Amatsu and the islands.'),
  town('Al De Baran', 'aldebaran', 140, 131, 'town', ['aldebaran', 'al de baran', 'alde baran', 'alde', 'al de', 'aldebaren'],
    'the canal city to the north, below the Clock Tower', 'Al De Baran is the city of canals under the great Clock Tower, home of the Kafra headquarters.'),
  town('Comodo', 'comodo', 209, 143, 'town', ['comodo', 'komodo'],
    'the beach town in the caves, west of Morroc', 'Comodo is the festive town of caves and beaches, where bards and dancers gather.'),
  town('Juno', 'yuno', 157, 51, 'town', ['juno', 'yuno', 'juno city'],
    'the floating city of the Schwarzwald Republic, north of Al De Baran', 'Juno floats above the clouds; its Sage Academy studies the fragments of Yggdrasil.'),
  town('Lighthalzen', 'lighthalzen', 158, 92, 'town', ['lighthalzen', 'lhz', 'lighthalzan', 'light halzen'],
    'the corporate city east of Juno', 'Lighthalzen belongs to the Rekenber Corporation, and its laboratories keep dark secrets.'),
  town('Einbroch', 'einbroch', 64, 200, 'town', ['einbroch', 'ein', 'einbrock'],
    'the steel city of smoke and factories in the Republic', 'Einbroch is the city of steel and smoke, famous for its airport and its machines.'),
  town('Einbech', 'einbech', 70, 95, 'town', ['einbech', 'einbeck'],
    'the mining town near Einbroch', 'Einbech is the mining town beside the Mjolnir coal mines.'),
  town('Hugel', 'hugel', 96, 145, 'town', ['hugel', 'hugle'],
    'the quiet village on the hills of the Republic', 'Hugel is a sleepy village with a famous bingo game and a mysterious temple nearby.'),
  town('Rachel', 'rachel', 130, 110, 'town', ['rachel', 'rachael'],
    'the holy capital of the Arunafeltz State', 'Rachel is the capital of the Arunafeltz theocracy, which worships the goddess Freyja.'),
  town('Veins', 'veins', 216, 123, 'town', ['veins', 'vein'],
    'the canyon town south of Rachel', 'Veins sits in a canyon near Thor\'s volcano.'),
  town('Lutie', 'xmas', 147, 134, 'town', ['lutie', 'xmas', 'christmas town', 'santa town'],
    'the snowy town where it is always Christmas', 'Lutie is forever covered in snow, and its toy factory never stops.'),
  town('Umbala', 'umbala', 89, 157, 'town', ['umbala', 'umbalah'],
    'the jungle village of the Utan tribe', 'Umbala is the tree village of the Utan tribe, near the roots of Yggdrasil.'),
  town('Amatsu', 'amatsu', 198, 84, 'town', ['amatsu'],
    'the island of cherry blossoms, by ship from Alberta', 'Amatsu is an island kingdom of cherry trees, reached by ship from Alberta.'),
  town('Kunlun', 'gonryun', 160, 120, 'town', ['kunlun', 'gonryun', 'gonryon'],
    'the floating island, by ship from Alberta', 'Kunlun is an island of floating rocks and old legends.'),
  town('Louyang', 'louyang', 217, 100, 'town', ['louyang', 'lou yang', 'luoyang'],
    'the eastern town of martial arts, by ship from Alberta', 'Louyang is the eastern town where a dragon is said to sleep under the mountain.'),
  town('Ayothaya', 'ayothaya', 208, 166, 'town', ['ayothaya', 'ayotaya', 'ayo'],
    'the river town of temples, by ship from Alberta', 'Ayothaya is a river town of golden temples.'),
  town('Niflheim', 'niflheim', 202, 174, 'town', ['niflheim', 'nifl', 'nif', 'niflhiem'],
    'the realm of the dead, beyond the dark forest', 'Niflheim is the land of the dead, ruled by Hel; the living should not linger.'),
  town('Moscovia', 'moscovia', 223, 184, 'town', ['moscovia', 'moskovia'],
    'the northern island kingdom, by ship from Alberta', 'Moscovia is an island kingdom of onion domes and winter tales.'),
  town('Brasilis', 'brasilis', 196, 217, 'town', ['brasilis', 'brasil', 'brazil'],
    'the sunny town of waterfalls, by ship from Alberta', undefined),
  town('Dewata', 'dewata', 200, 180, 'town', ['dewata'], 'the island town of volcanoes, by ship from Alberta', undefined),
  town('Glast Heim', 'glast_01', 370, 304, 'dungeon', ['glast heim', 'glastheim', 'gh', 'glast', 'glast heim castle'],
    'the cursed castle north-west of Geffen', 'Glast Heim was a great kingdom until a curse turned it into a castle of the dead.'),
  town('Byalan Island', 'iz_dun00', 168, 168, 'dungeon', ['byalan', 'byalan island', 'byalan dungeon', 'undersea tunnel', 'izlude dungeon'],
    'the island dungeon off Izlude; take the boat from the Izlude docks', undefined),
  town('Orc Village', 'gef_fild10', 70, 332, 'field', ['orc village', 'orcs village', 'orc dungeon', 'orc land', 'orc field'],
    'the field south-west of Geffen', 'The orcs of the western fields worship their Orc Hero and hate intruders.'),
  town('Payon Cave', 'pay_dun00', 21, 183, 'dungeon', ['payon cave', 'payon dungeon', 'payon caves', 'pay dun'],
    'the cave north of Payon, in the archer village woods', 'Payon Cave is full of the undead, and a Moonlight Flower dwells in its depths.'),
  town('Geffen Tower', 'geffen', 120, 110, 'town', ['geffen tower', 'gef tower', 'tower of geffen', 'the tower'],
    'the great tower in the middle of Geffen', 'The Geffen Tower was raised by the mages; its cellars lead down to the Geffen dungeon.'),
  town('Geffen Dungeon', 'gef_dun00', 104, 99, 'dungeon', ['geffen dungeon', 'gef dungeon', 'gef dun'],
    'under the Geffen Tower', undefined),
  town('Prontera Culvert', 'prt_sewb1', 131, 247, 'dungeon', ['culvert', 'culverts', 'prontera culvert', 'sewer', 'sewers', 'prontera sewers'],
    'the sewers under Prontera; the Knights at the west gate guard the entrance', 'The culverts under Prontera swarm with thief bugs; the knights want them cleared.'),
  town('Prontera Fields', 'prt_fild08', 170, 375, 'field', ['prontera field', 'prontera fields', 'prt field', 'poring field'],
    'just outside the south gate of Prontera', undefined),
  town('Ant Hell', 'anthell01', 35, 262, 'dungeon', ['ant hell', 'anthell', 'ant dungeon'], 'the ant nest in the desert north of Morroc', undefined),
  town('Pyramids', 'moc_pryd01', 192, 9, 'dungeon', ['pyramid', 'pyramids', 'morroc pyramid'], 'north-west of Morroc, in the desert', undefined),
  town('Sphinx', 'in_sphinx1', 288, 9, 'dungeon', ['sphinx', 'sphinx dungeon'], 'west of Morroc, in the desert', undefined),
  town('Clock Tower', 'c_tower1', 199, 159, 'dungeon', ['clock tower', 'clocktower'], 'in the middle of Al De Baran', undefined),
  town('Toy Factory', 'xmas_dun01', 205, 15, 'dungeon', ['toy factory'], 'inside Lutie', undefined),
  town('Turtle Island', 'tur_dun01', 154, 49, 'dungeon', ['turtle island', 'turtle dungeon'], 'by ship from Alberta', undefined),
  town('Coal Mine', 'mjo_dun01', 52, 17, 'dungeon', ['coal mine', 'mjolnir mine', 'mine dungeon', 'dead pit'], 'in the Mjolnir mountains between Prontera and Al De Baran', undefined),
  town('Sunken Ship', 'treasure01', 69, 24, 'dungeon', ['sunken ship', 'ghost ship', 'pirate ship'], 'off the coast of Alberta', undefined),
  town('Thor Volcano', 'thor_v01', 21, 228, 'dungeon', ['thor volcano', 'thors volcano', 'volcano'], 'north of Veins', undefined),
  town('Abyss Lake', 'abyss_01', 261, 272, 'dungeon', ['abyss lake', 'abyss', 'dragon lake'], 'north of Hugel', undefined),
  town('Odin Temple', 'odin_tem01', 298, 167, 'dungeon', ['odin temple', 'odin shrine'], 'by boat from Hugel', undefined),
  town('Juperos', 'jupe_cave', 140, 51, 'dungeon', ['juperos', 'juperos ruins'], 'east of Juno', undefined),
  town('Bio Laboratory', 'lhz_dun01', 150, 288, 'dungeon', ['bio lab', 'biolab', 'bio laboratory', 'biolabs', 'somatology lab'], 'beneath the Rekenber building in Lighthalzen', undefined),
  town('Thanatos Tower', 'tha_t01', 150, 39, 'dungeon', ['thanatos tower', 'thanatos'], 'on the island north-east of Hugel', undefined),
];

const item = (name: string, category: ItemCategory, price: number, aliases: readonly string[]): Item => ({ name, category, price, aliases });

export const ITEMS: readonly Item[] = [
  item('Red Potion', 'consumable', 50, ['red potion', 'red pot', 'red pots', 'red potions', 'reds']),
  item('Orange Potion', 'consumable', 200, ['orange potion', 'orange pot', 'orange pots', 'oranges']),
  item('Yellow Potion', 'consumable', 550, ['yellow potion', 'yellow pot', 'yellow pots', 'yellows']),
  item('White Potion', 'consumable', 1200, ['white potion', 'white pot', 'white pots', 'whites', 'wp']),
  item('Blue Potion', 'consumable', 5000, ['blue potion', 'blue pot', 'blue pots', 'blues', 'sp potion']),
  item('Green Potion', 'consumable', 40, ['green potion', 'green pot', 'green pots', 'antidote']),
  item('Novice Potion', 'consumable', 10, ['novice potion', 'novice pot', 'novice potions']),
  item('Potion', 'consumable', 50, ['potion', 'potions', 'hp potion', 'healing potion']),
  item('Awakening Potion', 'consumable', 1500, ['awakening potion', 'awakening pot', 'awaken pot', 'awakening']),
  item('Concentration Potion', 'consumable', 800, ['concentration potion', 'conc pot', 'concentration pot', 'concentration']),
  item('Berserk Potion', 'consumable', 3000, ['berserk potion', 'berserk pot', 'berserk']),
  item('Fly Wing', 'consumable', 60, ['fly wing', 'fly wings', 'flywing', 'flywings', 'fw']),
  item('Butterfly Wing', 'consumable', 300, ['butterfly wing', 'butterfly wings', 'butterflywing', 'bwing', 'b wing', 'butterfly']),
  item('Yggdrasil Leaf', 'consumable', 4000, ['yggdrasil leaf', 'ygg leaf', 'ygg leaves', 'leaf of yggdrasil', 'yggdrasil leaves']),
  item('Yggdrasil Berry', 'consumable', 5000, ['yggdrasil berry', 'ygg berry', 'yggberry', 'ygg berries', 'yggdrasil berries']),
  item('Yggdrasil Seed', 'consumable', 2500, ['yggdrasil seed', 'ygg seed', 'yggseed']),
  item('Magnifier', 'consumable', 40, ['magnifier', 'magnifiers', 'magnifying glass', 'magni']),
  item('Red Herb', 'consumable', 18, ['red herb', 'red herbs']),
  item('Yellow Herb', 'consumable', 40, ['yellow herb', 'yellow herbs']),
  item('White Herb', 'consumable', 120, ['white herb', 'white herbs']),
  item('Blue Herb', 'consumable', 120, ['blue herb', 'blue herbs']),
  item('Green Herb', 'consumable', 20, ['green herb', 'green herbs']),
  item('Royal Jelly', 'consumable', 7000, ['royal jelly', 'royal jellies']),
  item('Honey', 'consumable', 1000, ['honey']),
  item('Milk', 'consumable', 25, ['milk']),
  item('Apple', 'consumable', 15, ['apple', 'apples']),
  item('Banana', 'consumable', 15, ['banana', 'bananas']),
  item('Carrot', 'consumable', 15, ['carrot', 'carrots']),
  item('Grape', 'consumable', 200, ['grape', 'grapes']),
  item('Meat', 'consumable', 50, ['meat', 'meats']),
  item('Holy Water', 'consumable', 20, ['holy water', 'holy waters']),
  item('Empty Bottle', 'loot', 3, ['empty bottle', 'empty bottles', 'bottle', 'bottles']),
  item('Yellow Gemstone', 'gem', 600, ['yellow gemstone', 'yellow gemstones', 'yellow gem', 'yellow gems', 'ygem', 'ygems']),
  item('Blue Gemstone', 'gem', 600, ['blue gemstone', 'blue gemstones', 'blue gem', 'blue gems', 'bgem', 'bgems']),
  item('Red Gemstone', 'gem', 600, ['red gemstone', 'red gemstones', 'red gem', 'red gems', 'rgem', 'rgems']),
  item('Elunium', 'ore', 1100, ['elunium', 'eluniums', 'elu', 'elus']),
  item('Oridecon', 'ore', 1100, ['oridecon', 'oridecons', 'ori', 'oris', 'oridecone']),
  item('Rough Elunium', 'ore', 400, ['rough elunium', 'rough elu']),
  item('Rough Oridecon', 'ore', 400, ['rough oridecon', 'rough ori']),
  item('Phracon', 'ore', 200, ['phracon', 'phracons', 'phrac']),
  item('Emveretarcon', 'ore', 1000, ['emveretarcon', 'emveretarcons', 'emver', 'emve']),
  item('Iron Ore', 'ore', 50, ['iron ore', 'iron ores']),
  item('Iron', 'ore', 100, ['iron', 'irons']),
  item('Steel', 'ore', 500, ['steel', 'steels']),
  item('Coal', 'ore', 200, ['coal', 'coals']),
  item('Jellopy', 'loot', 6, ['jellopy', 'jellopies', 'jellopys', 'jello', 'jellos', 'jelly']),
  item('Fluff', 'loot', 8, ['fluff', 'fluffs']),
  item('Feather', 'loot', 6, ['feather', 'feathers']),
  item('Feather of Birds', 'loot', 10, ['feather of birds', 'bird feather', 'bird feathers', 'feathers of birds']),
  item('Sticky Mucus', 'loot', 14, ['sticky mucus', 'mucus']),
  item('Clover', 'loot', 4, ['clover', 'clovers']),
  item('Tree Root', 'loot', 8, ['tree root', 'tree roots', 'root', 'roots']),
  item('Worm Peeling', 'loot', 6, ['worm peeling', 'worm peelings']),
  item('Shell', 'loot', 8, ['shell', 'shells']),
  item('Scorpion Tail', 'loot', 38, ['scorpion tail', 'scorpion tails']),
  item('Bear\'s Footskin', 'loot', 120, ['bears footskin', 'bear footskin', 'footskin']),
  item('Decayed Nail', 'loot', 24, ['decayed nail', 'decayed nails']),
  item('Rotten Bandage', 'loot', 14, ['rotten bandage', 'rotten bandages', 'bandage', 'bandages']),
  item('Skel-Bone', 'loot', 36, ['skel bone', 'skel bones', 'skeleton bone', 'bone', 'bones']),
  item('Garlet', 'loot', 24, ['garlet', 'garlets']),
  item('Talon', 'loot', 14, ['talon', 'talons']),
  item('Claw of Wolves', 'loot', 30, ['claw of wolves', 'wolf claw', 'wolf claws', 'claw', 'claws']),
  item('Trunk', 'loot', 10, ['trunk', 'trunks', 'wood']),
  item('Stem', 'loot', 6, ['stem', 'stems']),
  item('Fin', 'loot', 28, ['fin', 'fins']),
  item('Stone', 'loot', 4, ['stone', 'stones', 'rock', 'rocks']),
  item('Orcish Voucher', 'loot', 24, ['orcish voucher', 'orc voucher', 'orcish vouchers']),
  item('Spore', 'loot', 6, ['spore', 'spores', 'mushroom spore']),
  item('Zargon', 'loot', 240, ['zargon', 'zargons']),
  item('Poring Card', 'card', 20, ['poring card', 'poring cards']),
  item('Arrow', 'ammo', 1, ['arrow', 'arrows']),
  item('Silver Arrow', 'ammo', 3, ['silver arrow', 'silver arrows']),
  item('Fire Arrow', 'ammo', 3, ['fire arrow', 'fire arrows']),
  item('Bow', 'weapon', 1000, ['bow', 'bows']),
  item('Composite Bow', 'weapon', 2500, ['composite bow', 'comp bow']),
  item('Dagger', 'weapon', 2400, ['dagger', 'daggers']),
  item('Knife', 'weapon', 50, ['knife', 'knives']),
  item('Cutter', 'weapon', 1250, ['cutter', 'cutters']),
  item('Main Gauche', 'weapon', 2400, ['main gauche', 'main gauches', 'mg']),
  item('Stiletto', 'weapon', 19500, ['stiletto']),
  item('Sword', 'weapon', 100, ['sword', 'swords']),
  item('Falchion', 'weapon', 1500, ['falchion']),
  item('Blade', 'weapon', 2900, ['blade', 'blades']),
  item('Katana', 'weapon', 2000, ['katana']),
  item('Two-Handed Sword', 'weapon', 10000, ['two handed sword', 'two hand sword', 'twohanded sword', '2h sword', 'thsword', 'claymore']),
  item('Spear', 'weapon', 3000, ['spear', 'spears', 'javelin', 'pike']),
  item('Axe', 'weapon', 500, ['axe', 'axes', 'battle axe']),
  item('Club', 'weapon', 60, ['club', 'clubs']),
  item('Mace', 'weapon', 600, ['mace', 'maces']),
  item('Rod', 'weapon', 50, ['rod', 'rods', 'staff', 'wand', 'arc wand']),
  item('Knuckle', 'weapon', 2000, ['knuckle', 'knuckles', 'waghnak', 'claw weapon']),
  item('Cotton Shirt', 'armor', 10, ['cotton shirt', 'cotton shirts', 'shirt']),
  item('Adventurer\'s Suit', 'armor', 1000, ['adventurers suit', 'adventurer suit', 'adv suit']),
  item('Silk Robe', 'armor', 8000, ['silk robe', 'robe', 'robes']),
  item('Chain Mail', 'armor', 65000, ['chain mail', 'chainmail']),
  item('Mantle', 'armor', 10000, ['mantle']),
  item('Coat', 'armor', 22000, ['coat', 'coats']),
  item('Guard', 'shield', 500, ['guard shield']),
  item('Buckler', 'shield', 14000, ['buckler', 'bucklers']),
  item('Shield', 'shield', 56000, ['shield', 'shields']),
  item('Hood', 'garment', 1000, ['hood', 'hoods']),
  item('Muffler', 'garment', 5000, ['muffler', 'mufflers', 'scarf', 'cape']),
  item('Manteau', 'garment', 32000, ['manteau']),
  item('Sandals', 'shoes', 400, ['sandals', 'sandal']),
  item('Shoes', 'shoes', 3500, ['shoes', 'shoe']),
  item('Boots', 'shoes', 18000, ['boots', 'boot']),
  item('Hat', 'headgear', 1000, ['hat', 'hats']),
  item('Cap', 'headgear', 12000, ['cap', 'caps']),
  item('Helm', 'headgear', 44000, ['helm', 'helmet', 'helms', 'helmets']),
  item('Ribbon', 'headgear', 800, ['ribbon', 'ribbons']),
  item('Bandana', 'headgear', 400, ['bandana', 'bandanas']),
  item('Goggles', 'headgear', 5000, ['goggles', 'goggle']),
  item('Glasses', 'headgear', 6000, ['glasses', 'spectacles', 'sunglasses']),
  item('Trap', 'consumable', 100, ['trap', 'traps']),
];

const job = (name: string, tier: Job['tier'], aliases: readonly string[]): Job => ({ name, tier, aliases });

export const JOBS: readonly Job[] = [
  job('Novice', 0, ['novice', 'noobie class']),
  job('Super Novice', 1, ['super novice', 'supernovice', 'super novi']),
  job('Swordman', 1, ['swordman', 'swordsman', 'swordsmen', 'swordie', 'sword man', 'swordmen']),
  job('Mage', 1, ['mage', 'magician', 'mages']),
  job('Archer', 1, ['archer', 'archers']),
  job('Acolyte', 1, ['acolyte', 'aco', 'acolytes', 'acolite']),
  job('Merchant', 1, ['merchant', 'merchants', 'merc']),
  job('Thief', 1, ['thief', 'thieves', 'theif']),
  job('Taekwon', 1, ['taekwon', 'taekwon kid', 'tk', 'taekwondo']),
  job('Ninja', 1, ['ninja', 'ninjas']),
  job('Gunslinger', 1, ['gunslinger', 'gunslingers', 'gs', 'gunner']),
  job('Knight', 2, ['knight', 'knights', 'kn']),
  job('Crusader', 2, ['crusader', 'crusaders', 'crus', 'sader']),
  job('Wizard', 2, ['wizard', 'wizards', 'wiz', 'wizzard']),
  job('Sage', 2, ['sage', 'sages']),
  job('Hunter', 2, ['hunter', 'hunters']),
  job('Bard', 2, ['bard', 'bards']),
  job('Dancer', 2, ['dancer', 'dancers']),
  job('Priest', 2, ['priest', 'priests', 'preist']),
  job('Monk', 2, ['monk', 'monks']),
  job('Blacksmith', 2, ['blacksmith', 'blacksmiths', 'bs', 'smith', 'black smith']),
  job('Alchemist', 2, ['alchemist', 'alchemists', 'alche', 'alchem', 'alch']),
  job('Assassin', 2, ['assassin', 'assassins', 'assasin', 'sin', 'assa']),
  job('Rogue', 2, ['rogue', 'rogues', 'rouge']),
  job('Star Gladiator', 2, ['star gladiator', 'star glad', 'sg', 'gladiator']),
  job('Soul Linker', 2, ['soul linker', 'linker', 'sl']),
  job('Lord Knight', 3, ['lord knight', 'lk']),
  job('Paladin', 3, ['paladin', 'pally', 'pala']),
  job('High Wizard', 3, ['high wizard', 'hwiz']),
  job('Professor', 3, ['professor', 'prof', 'scholar']),
  job('Sniper', 3, ['sniper']),
  job('Clown', 3, ['clown', 'minstrel']),
  job('Gypsy', 3, ['gypsy']),
  job('High Priest', 3, ['high priest']),
  job('Champion', 3, ['champion', 'champ']),
  job('Whitesmith', 3, ['whitesmith', 'white smith', 'mastersmith']),
  job('Creator', 3, ['creator', 'biochemist']),
  job('Assassin Cross', 3, ['assassin cross', 'sinx', 'sin x']),
  job('Stalker', 3, ['stalker']),
  job('Rune Knight', 3, ['rune knight']),
  job('Warlock', 3, ['warlock']),
  job('Ranger', 3, ['ranger']),
  job('Arch Bishop', 3, ['arch bishop', 'archbishop']),
  job('Mechanic', 3, ['mechanic']),
  job('Guillotine Cross', 3, ['guillotine cross']),
  job('Royal Guard', 3, ['royal guard']),
  job('Sorcerer', 3, ['sorcerer']),
  job('Sura', 3, ['sura']),
  job('Genetic', 3, ['genetic']),
  job('Shadow Chaser', 3, ['shadow chaser']),
];

/** Generic places players ask the way to (no coordinates: those come from the NPC's directions). */
export const PLACES: readonly Place[] = [
  { name: 'the inn', aliases: ['inn', 'hotel', 'tavern', 'pub', 'bar', 'place to sleep', 'place to rest'] },
  { name: 'the tool shop', aliases: ['tool shop', 'tool dealer', 'item shop', 'tool store', 'item store', 'potion shop', 'general store'] },
  { name: 'the weapon shop', aliases: ['weapon shop', 'weapon dealer', 'weapons shop', 'weapon store', 'weaponsmith'] },
  { name: 'the armor shop', aliases: ['armor shop', 'armour shop', 'armor dealer', 'armor store'] },
  { name: 'the church', aliases: ['church', 'cathedral', 'chapel', 'sanctuary'] },
  { name: 'the castle', aliases: ['castle', 'palace', 'royal castle'] },
  { name: 'the fountain', aliases: ['fountain', 'town square', 'plaza', 'square'] },
  { name: 'the Kafra', aliases: ['kafra', 'kafra employee', 'kafra lady', 'kafra girl', 'kafra service'] },
  { name: 'the refinery', aliases: ['refinery', 'forge', 'refiner', 'smithy', 'refine npc', 'upgrade npc'] },
  { name: 'the job guild', aliases: ['guild', 'job guild', 'mage guild', 'archer guild', 'thief guild', 'merchant guild', 'swordman guild', 'swordsman guild', 'acolyte guild', 'job office'] },
  { name: 'the market', aliases: ['market', 'bazaar', 'shops', 'vendors', 'merchants', 'marketplace'] },
  { name: 'the docks', aliases: ['docks', 'dock', 'harbor', 'harbour', 'port', 'pier', 'ship', 'boat'] },
  { name: 'the airport', aliases: ['airport', 'airship'] },
  { name: 'the north gate', aliases: ['north gate', 'north exit'] },
  { name: 'the south gate', aliases: ['south gate', 'south exit'] },
  { name: 'the east gate', aliases: ['east gate', 'east exit'] },
  { name: 'the west gate', aliases: ['west gate', 'west exit'] },
  { name: 'the town gate', aliases: ['gate', 'gates', 'exit', 'town exit'] },
  { name: 'the library', aliases: ['library', 'archive', 'academy'] },
  { name: 'the bank', aliases: ['bank'] },
  { name: 'the healer', aliases: ['healer', 'hospital', 'doctor', 'nurse', 'buff npc'] },
  { name: 'the dungeon', aliases: ['dungeon', 'dungeons'] },
  { name: 'the training grounds', aliases: ['training ground', 'training grounds', 'training field', 'arena'] },
  { name: 'the guards', aliases: ['guard post', 'barracks', 'guard house'] },
  { name: 'the pet shop', aliases: ['pet shop', 'pet groomer', 'pet store'] },
  { name: 'the cemetery', aliases: ['cemetery', 'graveyard'] },
];
