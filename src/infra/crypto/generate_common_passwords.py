#!/usr/bin/env python3
"""Writes common-passwords.txt: passwords people pick first, one per line, lower-case, sorted.

Why generated: the build machine cannot download the public breach corpora, so the list is
rebuilt from the patterns that dominate them (documented in NIST SP 800-63B's "commonly used,
expected or compromised" guidance and every published top-N list):
  1. the classic top passwords, written out by hand below;
  2. digit runs, repeated characters and keyboard walks (rows, columns, zig-zags) of every
     length from 6 to 24, including wrap-arounds such as "123456789012";
  3. popular words (the classics, names, teams, seasons, months, pets, this product's own
     vocabulary) followed by the suffixes people add to pass length rules: years 1950-2035,
     "123", "1234", ..., "!" and "@", and leet spellings such as "p@ssw0rd";
  4. words doubled or joined ("passwordpassword", "qwertypassword", "iloveyoubaby").
Since the minimum length is 12, entries of 12+ characters are the ones that matter: none is
ever filtered out. Shorter ones are kept for deployments that lower the minimum.

Run from this directory, then commit the output:  python3 generate_common_passwords.py
The output is deterministic, so a re-run without edits leaves the file unchanged.
"""

import itertools
import pathlib

CLASSICS = """
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan jennifer
zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000 charlie
robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle jessica pepper
1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa ginger princess joshua
cheese amanda summer love ashley nicole chelsea biteme matthew access yankees 987654321 dallas
austin thunder taylor matrix mobilemail mom monitor monitoring montana moon moscow william
corvette hello martin heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888
anthony justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro sexy
peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota
arsenal eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway
marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers
iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4
fuckoff brandon yamaha chester mother forever johnny edward 333333 oliver redsox player nikita
knight fender barney midnight please brandy chicago badboy iwantu slayer rangers charles angel
flower bigdaddy rabbit wizard bigdick jasper enter rachel chris steven winner adidas victoria
natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing cocacola casper james 232323
raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321 golden blowme 8675309 panther
lauren angela bitch spanky thx1138 angels madison winston shannon mike toyota blowjob jordan23
canada sophie apples dick tiger razz 123abc pokemon qazxsw 55555 qwaszx muffin johnson murphy
cooper jonathan liverpoo david danielle 159357 jackie 1990 123456a 789456 turtle horny abcd1234
scorpion qazwsxedc 101010 butter carlos password1 dennis slipknot qwerty123 booger asdf 1991
black startrek 12341234 cameron newyork rainbow nathan john 1992 rocket viking redskins butthead
asdfghjkl 1212 sierra peaches gemini doctor wilson sandra helpme qwertyui victor florida dolphin
pookie captain tucker blue liverpool theman bandit dolphins maddog packers jaguar lovers nicholas
united tiffany maxwell zzzzzz nirvana jeremy suckit stupid porn monica elephant giants jackass
hotdog rosebud success debbie mountain 444444 xxxxxxxx warrior 1q2w3e4r5t 12345qwert galina
admin admin123 administrator root toor changeme default guest login passw0rd p@ssw0rd p@ssword
pa55word pa$$word password123 password1234 welcome1 welcome123 letmein1 letmein123 iloveyou1
iloveyou2 iloveu loveyou lovely babygirl baby princess1 football1 baseball1 monkey1 dragon1
qwerty1 qwerty12 qwerty1234 qwerty12345 qwertyuiop123 asdfghjkl123 zxcvbnm123 1qaz2wsx3edc
zaq12wsx zaq1zaq1 zaq1xsw2 1qazxsw2 xsw2zaq1 qweasd qweasdzxc qweasdzxc123 asdzxc 123qweasd
123qweasdzxc qwe123 qwe123qwe asd123 zxc123 abc12345 abcdef abcdefg abcdefgh abcdefghi abcdefghij
abcdefghijkl abcdefghijklmnop abcdefghijklmnopqrstuvwxyz aa123456 a123456 a12345678 a123456789
qq123456 q123456 q1234567 q12345678 1a2b3c4d 1a2b3c4d5e 1a2b3c4d5e6f 1234abcd 12345abc 123456abc
abc123456 abcabc abcabcabc 111222 112233445566 11223344 1122334455 121314 12131415 123412341234
123456123456 654321654321 147258369 147258 159951 258456 741852963 963852741 789456123 456789
456123 321654 852456 753951 147852369 1472583690 0987654321 09876543 9876543210 987654321012
secret123 mysecret mypassword yourpassword thepassword newpassword oldpassword mypass passpass
passwd pass123 pass1234 pass12345 password12 password12345 password123456 passwordpassword
mustang1 shadow1 master1 superman1 batman1 trustno1trustno1 letmeinnow letmeinplease opensesame
iloveyouforever iloveyoubaby iloveyoutoo ihateyou fuckyou fuckyou1 fuckyou123 fuckoff1 whatever1
sunshine1 sunshine123 princess123 charlie1 charlie123 michael1 jessica1 jennifer1 ashley1 nicole1
daniel1 jordan1 hunter1 hunter2 killer1 soccer1 hockey1 hello123 hello1234 helloworld hello1
welcome2 welcome12 welcomewelcome qwertyqwerty asdfasdfasdf zxcvzxcv 1q2w3e 1q2w3e4r5t6y 1q2w3e4r5t6y7u
q1w2e3 q1w2e3r4t5y6 q1w2e3r4t5y6u7i8o9p0 1q2w3e4r5t6y7u8i9o0p zaq!2wsx !qaz2wsx !qaz@wsx 1qaz!qaz
1qaz@wsx 1qaz@wsx3edc !qaz@wsx#edc qwer!234 qwerty!@# !@#$%^ !@#$%^&* !@#$%^&*() 1234!@#$ 123!@#
1qa2ws3ed 1qa2ws3ed4rf 1qa2ws3ed4rf5tg azerty azertyuiop azerty123 qwertz qwertzuiop qwertz123
monkey123 dragon123 shadow123 master123 football123 baseball123 superman123 batman123 killer123
computer1 computer123 internet1 samsung1 samsung123 apple apple123 iphone google google123 facebook
instagram twitter linkedin yahoo hotmail gmail microsoft windows windows10 linux ubuntu debian
android blackberry nokia motorola sony nintendo playstation xbox xbox360 minecraft fortnite
roblox pokemon1 pikachu naruto sasuke goku dragonball onepiece starwars1 darthvader skywalker
jedi yoda chewbacca harrypotter hogwarts hermione gryffindor frodo gandalf1 matrix1 neo trinity
zxcvbnm1 zxcvbnm12 1234554321 123454321 12321 1234321 0123456789 01234567 012345 00000000
1111111111 1234512345 12121212 1231231234 123123123123 147147 159159 258258 369369 456456 789789
"""

# Words that top-N lists show with numeric suffixes; the classics above are added to these.
WORDS = """
password passw0rd p@ssw0rd p@ssword pa55word pa55w0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm
iloveyou letmein welcome monkey dragon master shadow sunshine princess football baseball soccer
hockey basketball superman batman spiderman ironman superstar starwars michael jennifer jessica
ashley amanda daniel jordan charlie thomas robert william joshua andrew matthew nicole michelle
anthony christopher jonathan samantha elizabeth stephanie alexander alexandra victoria christian
hunter buster tigger pepper ginger maggie bailey cookie coffee chocolate banana orange apple
cheese chicken summer winter spring autumn freedom forever whatever trustno1 access secret
admin administrator changeme computer internet samsung google microsoft iphone login default
guest user test tester testing test1234 love lover lovely angel angels baby babygirl babyboy
family friends friend happy hello hello123 hellokitty flower flowers rainbow butterfly purple
yellow silver golden diamond crystal liverpool chelsea arsenal manchester manutd barcelona
realmadrid juventus bayern yankees cowboys lakers steelers packers eagles raiders patriots
redsox dolphins mustang corvette ferrari porsche mercedes toyota honda harley yamaha killer
ninja pirate wizard dragon1 phoenix tiger lion eagle falcon wolf bear shark panther jaguar cobra
scorpion spider monster zombie vampire soldier warrior knight ranger hunter1 player gamer gaming
matrix merlin pokemon minecraft naruto america canada london paris berlin newyork chicago texas
california florida jesus christ god godisgood blessed heaven faith hope peace grace trinity church
mother father sister brother daddy mommy family1 welcome1 shiftsync schedule scheduling shifts
shift workforce rota roster company employee employer manager business office work worker
staff team teamwork payroll timesheet calendar
"""

# The words people reach for first: every suffix, year and leet spelling is generated for these.
TOP_WORDS = """
password passw0rd qwerty qwertyuiop asdfghjkl zxcvbnm iloveyou letmein welcome monkey dragon master
shadow sunshine princess football baseball soccer superman batman starwars michael jennifer jessica
ashley charlie daniel jordan hunter tigger freedom whatever trustno1 secret admin administrator
changeme computer internet samsung google login default guest test love angel baby hello
liverpool chelsea arsenal yankees cowboys mustang ferrari killer pokemon minecraft jesus blessed
family summer winter shiftsync schedule company employee manager
"""

# Months, seasons and days people pair with a year when a policy forces a change.
CALENDAR = """
january february march april may june july august september october november december
spring summer autumn fall winter monday tuesday wednesday thursday friday saturday sunday
"""

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
            "1234567890", "0", "01", "007", "11", "13", "21", "22", "23", "69", "77", "88", "99", "100",
            "111", "666", "777", "000", "321", "!", "!!", "!!!", "1!", "123!", "1234!", "@", "@123", "#1",
            "$", "*", ".", "?", "abc", "xyz", "qwerty", "123abc", "!@#", "!@#$", "@1234"]
CORE_SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "!", "1!", "123!", "@123"]
PREFIXES = ["1", "123", "my", "the", "i", "ilove", "iloveyou", "love", "super", "big", "mr", "$"]
HEADS = ["password", "qwerty", "iloveyou", "letmein", "welcome", "admin", "secret", "my", "super", "happy", "big",
         "little", "sexy", "sweet", "new"]
YEARS = [str(y) for y in range(1950, 2036)]
SHORT_YEARS = [f"{y:02d}" for y in range(0, 100)]
KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "0987654321", "poiuytrewq",
                 "lkjhgfdsa", "mnbvcxz", "!@#$%^&*()", "1234567890-=", "qwertyuiop[]", "asdfghjkl;'",
                 "azertyuiop", "qsdfghjklm", "wxcvbn", "qwertzuiop", "yxcvbnm"]
# Columns top to bottom, left to right, as in "1qaz2wsx3edc".
COLUMNS = ["1qaz", "2wsx", "3edc", "4rfv", "5tgb", "6yhn", "7ujm", "8ik,", "9ol.", "0p;/"]


def digit_runs():
    out = set()
    digits = "0123456789"
    for start in range(10):
        for length in range(4, 25):
            up = "".join(digits[(start + i) % 10] for i in range(length))
            down = "".join(digits[(start - i) % 10] for i in range(length))
            out.update((up, down))
    for d in "0123456789abcdefghijklmnopqrstuvwxyz!*.":
        for length in range(4, 25):
            out.add(d * length)
    for pair in ["12", "21", "69", "01", "10", "11", "00", "99", "13", "23", "ab", "ba", "xo", "ha", "la", "lo"]:
        for count in range(2, 13):
            out.add(pair * count)
    for triple in ["123", "321", "abc", "qwe", "asd", "zxc", "147", "159", "258", "369", "789", "456", "111", "777"]:
        for count in range(2, 9):
            out.add(triple * count)
    for block in ["1234", "4321", "abcd", "qwer", "asdf", "zxcv", "1212", "1122", "0000", "2580"]:
        for count in range(2, 7):
            out.add(block * count)
    for block in ["12345", "54321", "abcde", "qwert", "asdfg", "11111"]:
        for count in range(2, 5):
            out.add(block * count)
    # Pairs of digit runs ("123456123456", "111111222222") and dates written as digits.
    for a, b in itertools.product(["123", "1234", "12345", "123456", "111", "1111", "111111", "000", "0000"],
                                  repeat=2):
        out.add(a + b)
    for n in range(1, 10):
        out.add("".join(str(i) * n for i in range(1, 10)))
    return out


def keyboard_walks():
    out = set()
    for row in KEYBOARD_ROWS:
        for length in range(4, len(row) + 1):
            out.add(row[:length])
        out.add(row + row)
        for extra in ["1", "12", "123", "1234", "12345", "123456", "!", "!@#"]:
            out.add(row + extra)
    rows = KEYBOARD_ROWS[:4]
    for i in range(1, len(rows) + 1):
        out.add("".join(rows[:i]))
    for a, b in itertools.permutations(KEYBOARD_ROWS[:8], 2):
        out.add(a + b)
        for length in (3, 4, 5, 6):
            out.add(a[:length] + b[:length])
    for start in range(len(COLUMNS)):
        for count in range(1, len(COLUMNS) - start + 1):
            walk = "".join(COLUMNS[start:start + count])
            out.add(walk)
            out.add("".join(reversed(COLUMNS[start:start + count])))
            out.add("".join(c[::-1] for c in COLUMNS[start:start + count]))
    # Zig-zags between the digit row and the letter row: "1q2w3e4r", "q1w2e3r4", "1a2s3d".
    for letters in ["qwertyuiop", "asdfghjkl", "zxcvbnm"]:
        for length in range(3, len(letters) + 1):
            out.add("".join(f"{i + 1 if i < 9 else 0}{letters[i]}" for i in range(length)))
            out.add("".join(f"{letters[i]}{i + 1 if i < 9 else 0}" for i in range(length)))
    for length in range(3, 11):
        out.add("".join(f"{i + 1 if i < 9 else 0}{'abcdefghij'[i]}" for i in range(length)))
        out.add("".join(f"{'abcdefghij'[i]}{i + 1 if i < 9 else 0}" for i in range(length)))
    for length in range(4, 27):
        out.add("abcdefghijklmnopqrstuvwxyz"[:length])
        out.add("zyxwvutsrqponmlkjihgfedcba"[:length])
    return out


def leet(word):
    table = str.maketrans({"a": "@", "o": "0", "e": "3", "i": "1", "s": "$"})
    partial = str.maketrans({"a": "@", "o": "0"})
    return {word, word.translate(table), word.translate(partial), word.replace("o", "0")}


def words_with_suffixes(words, top):
    """Top words get every suffix, year and leet spelling; the rest the suffixes seen most."""
    out = set()
    for word in words:
        if top:
            for suffix in SUFFIXES + YEARS:
                out.add(word + suffix)
            for suffix in SHORT_YEARS:
                out.add(word + suffix)
            for year in YEARS[30:]:
                out.add(word + year + "!")
                out.add(word + "@" + year)
                out.add(year + word)
            for prefix in PREFIXES:
                out.add(prefix + word)
                out.add(prefix + word + "1")
                out.add(prefix + word + "123")
            for spelling in leet(word) - {word}:
                for suffix in CORE_SUFFIXES + YEARS[40:]:
                    out.add(spelling + suffix)
        else:
            for suffix in CORE_SUFFIXES + YEARS[20:81]:
                out.add(word + suffix)
        out.add(word + word)
        out.add(word + word + "1")
        out.add(word + "123" + word)
    return out


def combos(heads, words):
    out = set()
    for head, word in itertools.product(heads, words):
        if head != word:
            out.add(head + word)
    return out


def main():
    top = set(TOP_WORDS.split())
    words = (set(WORDS.split()) | {w for w in CLASSICS.split() if w.isalpha() and len(w) >= 4}) - top
    calendar = set(CALENDAR.split())
    entries = set(CLASSICS.split())
    entries |= digit_runs()
    entries |= keyboard_walks()
    entries |= words_with_suffixes(sorted(top), top=True)
    entries |= words_with_suffixes(sorted(words), top=False)
    entries |= words_with_suffixes(sorted(calendar), top=False)
    entries |= combos(HEADS, sorted(top | calendar))
    entries = {e.lower() for e in entries if e and len(e) >= 4 and not any(c.isspace() for c in e)}
    path = pathlib.Path(__file__).with_name("common-passwords.txt")
    path.write_text("".join(e + "\n" for e in sorted(entries)), encoding="ascii")
    print(f"{len(entries)} entries, {sum(len(e) >= 12 for e in entries)} of 12+ characters -> {path.name}")


if __name__ == "__main__":
    main()
